import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepConfigSchema } from '../../../core/api/schemas/sweep-config';
import { runConfigSchema } from '../../../core/api/schemas/run-config';
import { sweepOfConfig, sweepOfRun } from '../../../core/config/config-run';

const ctx = { baseDir: '/work/configs', cores: 4 };

describe('running a config from the editor', () => {
  it('runs a run config as the one-cell sweep that measures it', () => {
    const run = runConfigSchema.parse({
      version: 1,
      model: '../models/bert.onnx',
      engine: 'builtin',
      streams: 2,
      seq: 32,
      niter: 50,
      sparse_rate: 0.5,
      variant: 'pruned 90%',
    });
    const sweep = sweepOfRun(run, ctx);
    expect(sweepConfigSchema.parse(sweep)).toEqual(sweep);
    expect(sweep).toMatchObject({
      variants: [{ label: 'pruned-90-', model: path.resolve('/work/models/bert.onnx') }],
      engines: ['builtin'],
      streams: [2],
      threads: [4], // all cores when the run does not say, as `bench` does
      seq: [32],
      batch: [1],
      niter: 50,
      sparse_rate: 0.5,
      repeats: 1,
    });
    expect(sweepOfRun(runConfigSchema.parse({ version: 1, model: 'm.onnx' }), ctx)).toMatchObject({
      time_s: 10,
      seq: [128],
      variants: [{ label: 'm' }],
    });
  });

  it('refuses run knobs a sweep cell cannot honour, naming them', () => {
    const run = runConfigSchema.parse({
      version: 1,
      model: 'm.onnx',
      streams: 2,
      nireq: 4,
      shape: '[1,8]',
    });
    expect(() => sweepOfRun(run, ctx)).toThrow(
      /at nireq: .*remove "nireq", "shape" or run `sparsescope bench --config FILE`/,
    );
    // nireq equal to streams is what a cell does anyway.
    expect(() =>
      sweepOfRun(runConfigSchema.parse({ version: 1, model: 'm.onnx', nireq: 1 }), ctx),
    ).not.toThrow();
  });

  it("runs a benchmark_app config's knobs with the model and length given beside it", () => {
    const text =
      '{"CPU": {"NUM_STREAMS": "2", "INFERENCE_NUM_THREADS": 2, "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75", "PERFORMANCE_HINT": "LATENCY"}}';
    const bench = { model: '/models/sparse.onnx', engine: 'builtin' as const, seq: 64, time_s: 1 };
    const sweep = sweepOfConfig('benchmark-app', JSON.parse(text), text, bench, ctx);
    expect(sweep).toMatchObject({
      variants: [{ label: 'sparse', model: '/models/sparse.onnx' }],
      engines: ['builtin'],
      streams: [2],
      threads: [2],
      seq: [64],
      time_s: 1,
      sparse_rate: 0.75,
    });
    expect(() => sweepOfConfig('benchmark-app', {}, '{}', null, ctx)).toThrow(/holds no model/);
  });

  it('resolves a sweep’s model paths against the config file’s folder', () => {
    const doc = sweepConfigSchema.parse({
      version: 1,
      variants: [{ label: 'a', model: 'a.onnx' }],
      engines: ['ort'],
      streams: [1],
      threads: [1],
      seq: [8],
      batch: [1],
      niter: 2,
    });
    const sweep = sweepOfConfig('sweep', doc, '', null, ctx);
    expect(sweep.variants[0]!.model).toBe(path.resolve('/work/configs/a.onnx'));
    expect(doc.variants[0]!.model).toBe('a.onnx'); // the checked value is not changed
  });
});
