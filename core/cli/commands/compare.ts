import { compareEngines } from '../../bench/engine-compare';
import { formatDiff } from '../../engines/builtin/tensor-diff';
import { RUN_LIMITS } from '../../api/limits';
import { ENGINE_IDS, type EngineId } from '../../api/names';
import { UsageError, type Command } from '../command';
import {
  INPUT_SHAPE_OPTIONS,
  inputShapeFlags,
  numberFlag,
  requiredString,
  TOLERANCE_OPTIONS,
  toleranceFlags,
} from '../flags';

/** Defaults of the float rule; documented in the usage and the builtin README. */
const TOLERANCE = { rtol: 1e-3, atol: 1e-5 };
const MIN_COSINE = 0.999;

const USAGE = `sparsescope compare -m MODEL --engines builtin,ort [--seq N] [--batch N]
         [--shape "NAME[d,…],…"] [--dim NAME=VALUE …] [--sparse-rate R]
         [--rtol ${TOLERANCE.rtol}] [--atol ${TOLERANCE.atol}] [--cosine ${MIN_COSINE}]

  Runs the same generated inputs through two engines and prints, per output, max abs diff,
  max rel diff, cosine similarity and the worst element. Inputs: token ids below the
  vocabulary, attention masks ones, token-type ids zeros; dims 0 and 1 of each input are
  --batch and --seq; other symbolic dims get 1 (0 for past lengths, e.g. a KV cache) with a
  note saying which — --dim NAME=VALUE sets one, --shape whole inputs.
  A float output passes when max|a − b| ≤ atol + rtol·max|b| (b: the second engine); a
  quantized (INT8) model's outputs pass on cosine ≥ --cosine instead, since one quantization
  step may differ; integer outputs must be equal. Exit 0 all pass, 1 beyond, 2 cannot run
  (the message names the engine, the node and its reason). Engines: ${ENGINE_IDS.join(', ')};
  openvino computes in FP32 here (INFERENCE_PRECISION_HINT f32).`;

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Run one model through two engines and compare the outputs',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    engines: { type: 'string' },
    seq: { type: 'string' },
    batch: { type: 'string' },
    'sparse-rate': { type: 'string' },
    cosine: { type: 'string' },
    ...TOLERANCE_OPTIONS,
    ...INPUT_SHAPE_OPTIONS,
  },
  async run(values, _positionals, io) {
    const modelPath = requiredString(values, 'model', '-m MODEL');
    const engines = ((values.engines as string | undefined) ?? 'builtin,ort')
      .split(',')
      .map((e) => e.trim());
    if (
      engines.length !== 2 ||
      engines.some((e) => !(ENGINE_IDS as readonly string[]).includes(e))
    ) {
      throw new UsageError(
        `--engines expects two of ${ENGINE_IDS.join(', ')} separated by a comma, got "${String(values.engines)}".`,
      );
    }
    const seq = numberFlag(values, 'seq', { min: 1, max: RUN_LIMITS.seq, integer: true }) ?? 64;
    const batch =
      numberFlag(values, 'batch', { min: 1, max: RUN_LIMITS.batch, integer: true }) ?? 1;
    const sparseRate = numberFlag(values, 'sparse-rate', { min: 0, max: 1 }) ?? null;
    const { rtol, atol } = toleranceFlags(values, TOLERANCE);
    const minCosine = numberFlag(values, 'cosine', { min: -1, max: 1 }) ?? MIN_COSINE;
    const r = await compareEngines(modelPath, engines as [EngineId, EngineId], {
      seq,
      batch,
      sparseRate,
      atol,
      rtol,
      minCosine,
      ...inputShapeFlags(values),
    });
    const rule =
      r.judge.kind === 'cosine'
        ? `quantized model: cosine ≥ ${minCosine}`
        : `max|a − b| ≤ ${atol} + ${rtol}·max|b|`;
    io.stdout(
      `compare ${modelPath}: ${engines[0]} vs ${engines[1]} (batch ${batch}, seq ${seq}; ${rule})\n`,
    );
    for (const [id, notes] of Object.entries(r.notes))
      for (const n of notes) io.stdout(`  [${id}] ${n}\n`);
    for (const d of r.diffs) io.stdout(`  ${formatDiff(d)}\n`);
    io.stdout(r.ok ? 'OK: within tolerance\n' : 'MISMATCH: beyond tolerance\n');
    return r.ok ? 0 : 1;
  },
};
