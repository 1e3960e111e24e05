import { compareEngines } from '../../bench/engine-compare';
import { formatDiff } from '../../engines/builtin/tensor-diff';
import { RUN_LIMITS } from '../../api/limits';
import { ENGINE_IDS, type EngineId } from '../../api/names';
import { UsageError, type Command } from '../command';
import { numberFlag, requiredString } from '../flags';

const USAGE = `sparsescope compare -m MODEL --engines builtin,ort [--seq N] [--batch N] [--sparse-rate R] [--atol A]

  Runs the same generated inputs (token ids below the vocabulary, attention mask ones,
  token-type ids zeros) through two engines and prints, per output, max abs diff, max rel
  diff and cosine similarity. Exit 0 when every output's max abs diff ≤ atol (default
  1e-3), 1 beyond, 2 cannot run. Engines: ${ENGINE_IDS.join(', ')}; openvino computes in FP32
  here (INFERENCE_PRECISION_HINT f32), so its outputs compare with the others'.`;

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
    atol: { type: 'string' },
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
    const atol = numberFlag(values, 'atol', { min: 0 }) ?? 1e-3;
    const r = await compareEngines(modelPath, engines as [EngineId, EngineId], {
      seq,
      batch,
      sparseRate,
      atol,
    });
    io.stdout(
      `compare ${modelPath}: ${engines[0]} vs ${engines[1]} (batch ${batch}, seq ${seq}, atol ${atol})\n`,
    );
    for (const [id, notes] of Object.entries(r.notes))
      for (const n of notes) io.stdout(`  [${id}] ${n}\n`);
    for (const d of r.diffs) io.stdout(`  ${formatDiff(d)}\n`);
    io.stdout(r.ok ? 'OK: within tolerance\n' : 'MISMATCH: beyond tolerance\n');
    return r.ok ? 0 : 1;
  },
};
