import type { BenchResult, MeasuredLoad } from '../../../core/api/schemas/bench-result';

/**
 * Hand-made result-shaped test data for code that reads results (summaries, speedups, views,
 * resume): only the fields a test sets matter; every other one holds a neutral value.
 */
export function handMadeResult(over: {
  fps: number;
  engine?: string;
  variant?: string | null;
  path?: string | null;
  streams?: number;
  threads?: number;
  seq?: number;
  sparse_rate?: number | null;
  /** Every latency statistic (ms); null when the test does not read latencies. */
  latency?: number | null;
  load?: MeasuredLoad;
}): BenchResult {
  const streams = over.streams ?? 1;
  const l = over.latency ?? null;
  return {
    schema_version: over.load ? 2 : 1,
    source: 'sparsescope',
    engine: over.engine ?? 'ort',
    engine_version: null,
    sparsescope_version: null,
    model: {
      path: over.path === undefined ? 'm.onnx' : over.path,
      sha256: null,
      variant: over.variant === undefined ? 'dense' : over.variant,
    },
    config: {
      streams,
      threads: over.threads ?? 1,
      nireq: streams,
      api: 'async',
      batch: 1,
      seq: over.seq ?? 64,
      shapes: null,
      sparse_rate: over.sparse_rate ?? null,
      time_s: null,
      niter: 10,
      warmup: 1,
    },
    count: 10,
    duration_ms: 1000,
    throughput_fps: over.fps,
    latency_ms: { min: l, median: l, avg: l, p90: l, p99: l, max: l },
    first_inference_ms: null,
    load_ms: null,
    peak_rss_mb: null,
    machine: null,
    timestamp: '2026-01-01T00:00:00Z',
    notes: [],
    ...(over.load ? { load: over.load } : {}),
  };
}
