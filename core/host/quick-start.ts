import type { EngineInfo, GenerateModelRequest, ModelEntry } from '../api/contract';
import type { SweepConfig } from '../api/schemas/sweep-config';

/**
 * The embedded default sweep: a mini BERT, dense and 80% sparse, FP32 and INT8, on every
 * engine that works here, over streams {1, 2} and seq {32, 128} for half a second per cell —
 * about a minute on 2 cores. Sparse variants run with sparse_rate 0.5 so the builtin engine
 * packs their weights sparse; ORT ignores the knob and says so in each result.
 */
export const QUICK_START_MODELS: Array<{ label: string; request: GenerateModelRequest }> = [
  { label: 'dense-fp32', request: { preset: 'mini', sparsity: 0, precision: 'fp32' } },
  { label: 'sparse80-fp32', request: { preset: 'mini', sparsity: 0.8, precision: 'fp32' } },
  { label: 'dense-int8', request: { preset: 'mini', sparsity: 0, precision: 'int8-dynamic' } },
  { label: 'sparse80-int8', request: { preset: 'mini', sparsity: 0.8, precision: 'int8-dynamic' } },
];

export function quickStartConfig(
  models: ModelEntry[],
  engines: EngineInfo[],
  cores: number,
): SweepConfig {
  const available = engines.filter((e) => e.available).map((e) => e.id);
  return {
    version: 1,
    name: 'Quick start: dense vs 80% sparse, FP32 and INT8',
    variants: models.map((m, i) => ({
      label: QUICK_START_MODELS[i]!.label,
      model: m.path,
      ...(QUICK_START_MODELS[i]!.request.sparsity > 0 ? { overrides: { sparse_rate: 0.5 } } : {}),
    })),
    engines: available.length ? available : ['ort'],
    streams: cores >= 2 ? [1, 2] : [1],
    threads: [Math.max(1, Math.min(cores, 4))],
    seq: [32, 128],
    batch: [1],
    time_s: 0.5,
    warmup: 2,
    repeats: 1,
    cell_timeout_s: 60,
  } as SweepConfig;
}
