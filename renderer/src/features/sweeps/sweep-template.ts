import type { ModelEntry } from '../../../../core/api/contract';

/** A starting sweep config from the workspace's models: a small, quick grid over them. */
export function sweepTemplate(models: readonly ModelEntry[]): string {
  // The least sparse model first: speedups read as "variant over the first one".
  const chosen = models.slice(0, 2).sort((a, b) => a.info.linearSparsity - b.info.linearSparsity);
  const variants = chosen.length
    ? chosen.map((m, i) => ({ label: labelFor(m, i), model: m.path }))
    : [{ label: 'dense', model: 'models/your-model.onnx' }];
  const config = {
    version: 1,
    name: chosen.length === 2 ? `${variants[0]!.label} vs ${variants[1]!.label}` : 'my sweep',
    variants,
    engines: ['ort'],
    streams: [1, 2],
    threads: [2],
    seq: [64],
    batch: [1],
    niter: 30,
    warmup: 2,
    repeats: 1,
  };
  return JSON.stringify(config, null, 2);
}

function labelFor(m: ModelEntry, index: number): string {
  const sparse =
    m.info.linearSparsity >= 0.05 ? `sparse${Math.round(m.info.linearSparsity * 100)}` : 'dense';
  const precision = m.info.linearWeights.some((w) => w.quantized) ? '-int8' : '';
  return `${sparse}${precision}-${index + 1}`;
}
