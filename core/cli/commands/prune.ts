import { compareWithOriginal, comparisonText } from '../../model/transforms/compare-safely';
import { openOnnxForTransform } from '../../model/transforms/open-onnx';
import { pruneModel, type PruneScope } from '../../model/transforms/prune';
import { saveOnnxModel } from '../../model/transforms/save-model';
import { numberFlag, UsageError, type Command, requiredString } from '../command';

export const ACCURACY_WARNING =
  'Warning: pruning without fine-tuning changes what the model computes and lowers its accuracy. ' +
  'Use the result to measure speed, not to serve predictions.';

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'Magnitude-prune the MatMul/Gemm weights of an ONNX model to a target sparsity',
  usage: [
    'sparsescope prune -m IN.onnx -o OUT.onnx --sparsity 0..0.99 [--scope global|per-layer]',
    '    [--seed N] [--seq N] [--json]',
    '  Reports achieved sparsity per weight and the output difference against the original',
    '  on seeded random inputs (--seed, --seq) run through onnxruntime.',
  ].join('\n'),
  options: {
    model: { type: 'string', short: 'm' },
    output: { type: 'string', short: 'o' },
    sparsity: { type: 'string' },
    scope: { type: 'string' },
    seed: { type: 'string' },
    seq: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const input = requiredString(values, 'model', '-m IN.onnx');
    const output = requiredString(values, 'output', '-o OUT.onnx');
    const sparsity = numberFlag(values, 'sparsity', { min: 0, max: 0.99 });
    if (sparsity === undefined) throw new UsageError('--sparsity is required (0..0.99).');
    const scope = (values.scope ?? 'per-layer') as PruneScope;
    if (scope !== 'global' && scope !== 'per-layer') {
      throw new UsageError(`--scope must be global or per-layer, got "${String(values.scope)}".`);
    }
    const seed = numberFlag(values, 'seed', { min: 0, max: 4294967295, integer: true }) ?? 0;
    const seq = numberFlag(values, 'seq', { min: 1, max: 65536, integer: true }) ?? 16;

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
