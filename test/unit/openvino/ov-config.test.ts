import { describe, expect, it } from 'vitest';
import type { EngineBenchRequest } from '../../../core/engines/engine';
import { benchConfig, sessionConfig } from '../../../core/engines/openvino/ov-config';

// The properties a run compiles with are those benchmark_app would set for the same flags
// and -load_config file (openvino/tools/benchmark/main.py).

const request = (over: Partial<EngineBenchRequest> = {}): EngineBenchRequest => ({
  modelPath: 'm.onnx',
  streams: 4,
  threads: 4,
  nireq: 4,
  api: 'async',
  feeds: {},
  timeS: 1,
  niter: null,
  warmup: 1,
  sparseRate: null,
  hint: null,
  properties: {},
  dataShape: false,
  perfCounters: false,
  isaFlags: [],
  timeoutMs: 1000,
  ...over,
});

describe('OpenVINO bench config', () => {
  it("the seed notebook's dense config, async: THROUGHPUT hint as benchmark_app sets it", () => {
    expect(benchConfig(request())).toEqual({
      NUM_STREAMS: 4,
      INFERENCE_NUM_THREADS: 4,
      PERFORMANCE_HINT: 'THROUGHPUT',
      PERFORMANCE_HINT_NUM_REQUESTS: 4,
      PERF_COUNT: false,
    });
  });

  it('sync: LATENCY hint, no request count; the sparse rate and counters when asked', () => {
    expect(
      benchConfig(request({ api: 'sync', sparseRate: 0.75, perfCounters: true, streams: 1 })),
    ).toEqual({
      NUM_STREAMS: 1,
      INFERENCE_NUM_THREADS: 4,
      PERFORMANCE_HINT: 'LATENCY',
      CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: 0.75,
      PERF_COUNT: true,
    });
  });

  it('a hint in the config file wins over the default; -hint none leaves it unset', () => {
    const fromFile = request({
      properties: { PERFORMANCE_HINT: 'LATENCY', ENABLE_CPU_PINNING: 'NO' },
    });
    expect(benchConfig(fromFile)).toMatchObject({
      PERFORMANCE_HINT: 'LATENCY',
      ENABLE_CPU_PINNING: 'NO',
    });
    expect(benchConfig(request({ hint: 'none' }))).not.toHaveProperty('PERFORMANCE_HINT');
    expect(benchConfig(request({ hint: 'latency' }))).toMatchObject({
      PERFORMANCE_HINT: 'LATENCY',
    });
  });

  it('passes any other CPU property through unchanged; the knobs win over the file', () => {
    const c = benchConfig(
      request({
        properties: { INFERENCE_PRECISION_HINT: 'f32', NUM_STREAMS: 8, TBB_PARTITIONER: 'AUTO' },
      }),
    );
    expect(c).toMatchObject({
      INFERENCE_PRECISION_HINT: 'f32',
      NUM_STREAMS: 4,
      TBB_PARTITIONER: 'AUTO',
    });
  });

  it('sessions for compare and verify compute in FP32', () => {
    expect(sessionConfig({ threads: 2, sparseRate: 0.5, profile: true })).toEqual({
      NUM_STREAMS: 1,
      INFERENCE_NUM_THREADS: 2,
      PERFORMANCE_HINT: 'LATENCY',
      INFERENCE_PRECISION_HINT: 'f32',
      PERF_COUNT: true,
      CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: 0.5,
    });
  });
});
