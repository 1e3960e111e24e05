import type { EngineInfo, GenerateModelRequest, ModelEntry } from '../api/contract';
import type { QuickStartPreset } from '../api/names';
import type { SweepConfig } from '../api/schemas/sweep-config';

/**
 * The embedded default sweep: a mini BERT, dense and 80% sparse, FP32 and INT8, on the
 * builtin engine and ORT, over streams {1, 2} × threads {1, all cores} and seq {32, 128},
 * three interleaved repeats of 0.3 s per cell — 144 cells, three to five minutes on 2 cores. Sparse
 * variants run with sparse_rate 0.5 so the builtin engine packs their weights sparse; ORT
 * ignores the knob and says so in each result. (OpenVINO has its own one-click preset.)
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
  // The builtin engine first: it is where sparsity changes speed, so the first chart opened
  // (sparse over dense on the first engine) shows a real effect rather than noise.
  const available = engines
    .filter((e) => e.available && e.id !== 'openvino')
    .map((e) => e.id)
    .sort((a, b) => Number(b === 'builtin') - Number(a === 'builtin'));
  const all = Math.max(1, cores);
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
    // Threads {1, all cores}: with streams {1, 2} the heatmap is a grid, not one column.
    threads: all > 1 ? [1, all] : [1],
    seq: [32, 128],
    batch: [1],
    time_s: 0.3,
    warmup: 1,
    // Interleaved repeats give every speedup an interval and a within-noise verdict.
    repeats: 3,
    cell_timeout_s: 60,
  } as SweepConfig;
}

/**
 * The seed experiment (OpenVINO's sparse-weight notebook): one 80%-sparse INT8 model under
 * the notebook's dense config (NUM_STREAMS 4, INFERENCE_NUM_THREADS 4) and its sparse config
 * (the same plus CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE 0.75), over the notebook's sequence
 * lengths (16 for conversational AI, 64, 160 for question answering), on openvino and the
 * builtin side by side. Streams and threads are adapted to this machine's cores. INT8 is QDQ
 * (FakeQuantize in OpenVINO), the form its sparse decompression needs. The sweep's speedup of
 * sparse-config over dense-config, per engine, is the notebook's figure; openvino results
 * carry the runtime graph's verdict on whether decompression applied and why not.
 */
export const SEED_MODELS: Array<{ label: string; request: GenerateModelRequest }> = [
  { label: 'sparse80-int8', request: { preset: 'mini', sparsity: 0.8, precision: 'int8-qdq' } },
];

/** The engines the seed experiment compares, in the order the charts show them. */
export const SEED_ENGINES = ['openvino', 'builtin'] as const;

export function seedExperimentConfig(
  models: ModelEntry[],
  engines: EngineInfo[],
  cores: number,
): SweepConfig {
  const model = models[0]!.path;
  const available = SEED_ENGINES.filter((id) => engines.some((e) => e.id === id && e.available));
  const n = Math.max(1, Math.min(4, cores));
  return {
    version: 1,
    name: 'Seed experiment: 80% sparse INT8, dense vs sparse config (rate 0.75)',
    variants: [
      { label: 'dense-config', model },
      { label: 'sparse-config', model, overrides: { sparse_rate: 0.75 } },
    ],
    engines: available.length ? available : ['builtin'],
    streams: [n],
    threads: [n],
    seq: [16, 64, 160],
    batch: [1],
    // Three interleaved repeats, so each speedup comes with its spread (about 2 min on 2 cores).
    time_s: 1,
    warmup: 2,
    repeats: 3,
    cell_timeout_s: 120,
  } as SweepConfig;
}

/** Each one-click preset: the models it generates and the sweep it runs over them. */
export const QUICK_START_RECIPES: Record<
  QuickStartPreset,
  {
    models: Array<{ label: string; request: GenerateModelRequest }>;
    config: (models: ModelEntry[], engines: EngineInfo[], cores: number) => SweepConfig;
  }
> = {
  default: { models: QUICK_START_MODELS, config: quickStartConfig },
  seed: { models: SEED_MODELS, config: seedExperimentConfig },
};
