import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNoiseCheck } from '../../bench/noise-check';
import { machineInfo } from '../../bench/machine';
import { BERT_PRESETS } from '../../model/generate/bert-options';
import { generateBert } from '../../model/generate/bert';
import { saveOnnxModel } from '../../model/transforms/save-model';
import type { Command } from '../command';
import { engineFlag, numberFlag } from '../flags';

const USAGE = `sparsescope noise [-m MODEL] [--engine ort|builtin] [--seconds N] [--json]

  Calibrates SparseScope's "within noise" verdicts on this machine: runs the same model and
  config as two variants (a null comparison: the true speedup is 1.0) in interleaved sweeps
  until --seconds (default 60) are spent, and counts how often a speedup would have been
  called real. With 95% intervals about 5% is expected; much more means the machine is too
  busy to trust small differences. Without -m it generates a tiny BERT.`;

export const noiseCommand: Command = {
  name: 'noise',
  summary: 'Measure how often SparseScope would claim a difference that is not there',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    engine: { type: 'string' },
    seconds: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const engine = engineFlag(values, 'ort');
    const seconds = numberFlag(values, 'seconds', { min: 1, max: 86_400 }) ?? 60;
    let tmp: string | null = null;
    let model = values.model as string | undefined;
    if (!model) {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-noise-model-'));
      model = path.join(tmp, 'bert-tiny.onnx');
      await saveOnnxModel(generateBert({ ...BERT_PRESETS.tiny, seed: 0 }), model);
    }
    try {
      const r = await runNoiseCheck({
        modelPath: path.resolve(model),
        engine,
        seconds,
        cores: machineInfo().logicalCores,
        onRound: (round, speedups) => {
          const claims = speedups.filter((s) => !s.within_noise).length;
          io.stderr(`round ${round}: ${speedups.length} null comparisons, ${claims} called real\n`);
        },
      });
      if (values.json) {
        io.stdout(JSON.stringify({ ...r, model }, null, 2) + '\n');
        return 0;
      }
      io.stdout(
        [
          `Null comparisons (the same model as two variants, ${engine}): ${r.comparisons} in ${r.rounds} round${r.rounds === 1 ? '' : 's'}`,
          `Called a real difference: ${r.falsePositives} — false-positive rate ${(r.falsePositiveRate * 100).toFixed(1)}% (95% intervals promise ≈ ${(r.expectedRate * 100).toFixed(0)}%)`,
          ...r.speedups.map(
            (s) =>
              `  ${s.id}: ${s.speedup.toFixed(3)}× ${s.ci ? `[${s.ci.low.toFixed(3)}, ${s.ci.high.toFixed(3)}]` : '[unknown]'} ${s.within_noise ? 'within noise' : 'CLAIMED'}`,
          ),
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
