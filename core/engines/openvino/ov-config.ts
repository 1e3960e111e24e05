import type { DeviceProperty, EngineBenchRequest } from '../engine';

/**
 * The CPU properties a run compiles with, set the way benchmark_app sets them
 * (openvino/tools/benchmark/main.py): the -load_config properties first, then the knobs —
 * NUM_STREAMS, INFERENCE_NUM_THREADS, the sparse rate — and PERFORMANCE_HINT, which defaults
 * to LATENCY for the sync API and THROUGHPUT for async unless the config sets it or the hint
 * is "none". As benchmark_app does with -nireq, async runs also set
 * PERFORMANCE_HINT_NUM_REQUESTS. PERF_COUNT is on only when counters were asked for.
 */
export function benchConfig(r: EngineBenchRequest): Record<string, DeviceProperty> {
  const config: Record<string, DeviceProperty> = { ...r.properties };
  config.NUM_STREAMS = r.streams;
  config.INFERENCE_NUM_THREADS = r.threads;
  if (r.hint === null) {
    if (!('PERFORMANCE_HINT' in config)) {
      config.PERFORMANCE_HINT = r.api === 'sync' ? 'LATENCY' : 'THROUGHPUT';
    }
  } else if (r.hint !== 'none') {
    config.PERFORMANCE_HINT = r.hint.toUpperCase();
  }
  if (r.api === 'async') config.PERFORMANCE_HINT_NUM_REQUESTS = r.nireq;
  if (r.sparseRate !== null) config.CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE = r.sparseRate;
  config.PERF_COUNT = r.perfCounters;
  return config;
}

/**
 * A session for compare/verify/profile: one stream, the given threads, and FP32 inference
 * precision, so outputs are comparable with the other engines' (on CPUs with AMX or
 * avx512_bf16 OpenVINO would otherwise run FP32 models in bf16).
 */
export function sessionConfig(o: {
  threads: number;
  sparseRate?: number | null;
  profile?: boolean;
}): Record<string, DeviceProperty> {
  const config: Record<string, DeviceProperty> = {
    NUM_STREAMS: 1,
    INFERENCE_NUM_THREADS: o.threads,
    PERFORMANCE_HINT: 'LATENCY',
    INFERENCE_PRECISION_HINT: 'f32',
    PERF_COUNT: o.profile === true,
  };
  if (o.sparseRate !== undefined && o.sparseRate !== null) {
    config.CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE = o.sparseRate;
  }
  return config;
}

/** Property values as text, for results (JSON values keep their spelling). */
export function asText(config: Record<string, DeviceProperty>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}
