import { compareWithOriginal, comparisonText } from '../../model/transforms/compare-safely';
import { openOnnxForTransform } from '../../model/transforms/open-onnx';
import { PRUNE_SCOPES } from '../../api/names';
import { pruneModel } from '../../model/transforms/prune';
import { saveOnnxModel } from '../../model/transforms/save-model';
import { UsageError, type Command } from '../command';
import {
  choiceFlag,
  IN_OUT_OPTIONS,
  inOutFlags,
  numberFlag,
  SAMPLE_INPUT_OPTIONS,
  sampleInputFlags,
} from '../flags';

export const ACCURACY_WARNING =
  'Warning: pruning without fine-tuning changes what the model computes and lowers its accuracy. ' +
  'Use the result to measure speed, not to serve predictions.';

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'Magnitude-prune the MatMul/Gemm weights of an ONNX model to a target sparsity',
  usage: [
    `sparsescope prune -m IN.onnx -o OUT.onnx --sparsity 0..0.99 [--scope ${PRUNE_SCOPES.join('|')}]`,
    '    [--seed N] [--seq N] [--json]',
    '  Reports achieved sparsity per weight and the output difference against the original',
    '  on seeded random inputs (--seed, --seq) run through onnxruntime.',
  ].join('\n'),
  options: {
    ...IN_OUT_OPTIONS,
    ...SAMPLE_INPUT_OPTIONS,
    sparsity: { type: 'string' },
    scope: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const { input, output } = inOutFlags(values);
    const sparsity = numberFlag(values, 'sparsity', { min: 0, max: 0.99 });
    if (sparsity === undefined) throw new UsageError('--sparsity is required (0..0.99).');
    const scope = choiceFlag(values, 'scope', PRUNE_SCOPES, 'per-layer');
    const { seed, seq } = sampleInputFlags(values);

    const original = await openOnnxForTransform(input);
    const result = pruneModel(original, { sparsity, scope });
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
            sparsity,
            scope,
            overall: result.overall,
            weights: result.weights,
            comparison,
            warning: ACCURACY_WARNING,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const width = Math.max(...result.weights.map((w) => w.name.length));
    io.stdout(
      [
        `Wrote ${output} (${(bytes / 1e6).toFixed(1)} MB)`,
        `Pruned ${result.weights.length} weights, ${scope} scope, target ${sparsity}: overall ${result.overall.toFixed(4)}`,
        ...result.weights.map(
          (w) =>
            `  ${w.name.padEnd(width)}  ${w.dims.join('×').padStart(11)}  ${w.before.toFixed(4)} → ${w.after.toFixed(4)}`,
        ),
        ...comparisonText(comparison, `seeded random inputs, seed ${seed}, seq ${seq}`),
        ACCURACY_WARNING,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
