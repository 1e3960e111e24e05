import { UserError } from '../../api/errors';
import { calibrateActivations } from '../../model/transforms/calibrate';
import { compareWithOriginal, comparisonText } from '../../model/transforms/compare-safely';
import { openOnnxForTransform } from '../../model/transforms/open-onnx';
import { QUANTIZE_MODES } from '../../api/names';
import { quantizeModel } from '../../model/transforms/quantize';
import { sampleFeeds } from '../../model/transforms/sample-feeds';
import { saveOnnxModel } from '../../model/transforms/save-model';
import type { Command } from '../command';
import {
  choiceFlag,
  IN_OUT_OPTIONS,
  inOutFlags,
  SAMPLE_INPUT_OPTIONS,
  sampleInputFlags,
} from '../flags';

export const quantizeCommand: Command = {
  name: 'quantize',
  summary: 'Quantise the MatMul/Gemm weights of an ONNX model to INT8 (QDQ or dynamic)',
  usage: [
    `sparsescope quantize -m IN.onnx -o OUT.onnx --mode ${QUANTIZE_MODES.join('|')} [--seed N] [--seq N] [--json]`,
    '  Weights: symmetric INT8 per output channel; zeros stay zeros (sparsity is kept).',
    '  qdq: activation ranges are calibrated on seeded random inputs (--seed, --seq), not real data.',
  ].join('\n'),
  options: {
    ...IN_OUT_OPTIONS,
    ...SAMPLE_INPUT_OPTIONS,
    mode: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const { input, output } = inOutFlags(values);
    const mode = choiceFlag(values, 'mode', QUANTIZE_MODES);
    const { seed, seq } = sampleInputFlags(values);

    const original = await openOnnxForTransform(input);
    const notes: string[] = [];
    let activationRanges: Map<string, number> | undefined;
    if (mode === 'qdq') {
      try {
        activationRanges = await calibrateActivations(
          original,
          sampleFeeds(original, { seed: seed + 1, seq }),
        );
        notes.push(
          `Activation ranges calibrated on seeded random inputs (seed ${seed + 1}), not on real data.`,
        );
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        notes.push(
          `Activations left in FP32 (weight-only QDQ): calibration failed — ${err.message}`,
        );
      }
    }
    const result = quantizeModel(original, {
      mode,
      ...(activationRanges ? { activationRanges } : {}),
    });
    const comparison = await compareWithOriginal(original, result.model, { seed, seq });
    const bytes = await saveOnnxModel(result.model, output);

    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            version: 1,
            input,
            output,
            bytes,
            mode,
            weights: result.weights,
            skipped: result.skipped,
            quantizedActivations: result.quantizedActivations.length,
            comparison,
            notes,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const width = Math.max(0, ...result.weights.map((w) => w.name.length));
    io.stdout(
      [
        `Wrote ${output} (${(bytes / 1e6).toFixed(1)} MB)`,
        `Quantised ${result.weights.length} weights to INT8 (${mode}, per output channel, symmetric)` +
          (mode === 'qdq'
            ? `; ${result.quantizedActivations.length} activation inputs with Q/DQ`
            : ''),
        'Sparsity of the INT8 weights:',
        ...result.weights.map(
          (w) =>
            `  ${w.name.padEnd(width)}  ${w.dims.join('×').padStart(11)}  ${w.sparsity.toFixed(4)}`,
        ),
        ...result.skipped.map((s) => `  skipped ${s.name}: ${s.reason}`),
        ...notes,
        ...comparisonText(comparison, `seeded random inputs, seed ${seed}, seq ${seq}`),
      ].join('\n') + '\n',
    );
    return 0;
  },
};
