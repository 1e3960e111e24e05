import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BugError, UserError } from '../../../core/api/errors';
import {
  resolveBenchOptions,
  splitRequests,
  splitThreads,
} from '../../../core/bench/bench-options';
import { graphFacts } from '../../../core/model/input-facts';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';
import { runBenchmark } from '../../../core/bench/run-benchmark';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { makeBenchFixture } from '../helpers/bench-fixture';
import { tinyBertOnnx } from './fixtures/tiny-onnx';

let dir = '';
let model = '';

beforeAll(async () => {
  ({ dir, model } = await makeBenchFixture('bench', { vocab: 100, maxPositions: 32 }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(() => {
  delete process.env.SPARSESCOPE_FAULT;
});

async function rejection<E extends Error = UserError>(
  p: Promise<unknown>,
  kind: new (...args: never[]) => E = UserError as never,
): Promise<E> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(kind);
    return err as E;
  }
  throw new Error('expected a rejection');
}

describe('bench options', () => {
  it('splits threads and requests evenly, the first streams taking the remainder', () => {
    expect(splitThreads(4, 2)).toEqual([2, 2]);
    expect(splitThreads(5, 2)).toEqual([3, 2]);
    expect(splitThreads(3, 3)).toEqual([1, 1, 1]);
    expect(splitRequests(1, 3)).toEqual([1, 0, 0]);
    expect(splitRequests(4, 3)).toEqual([2, 1, 1]);
  });
  it('fills defaults and refuses impossible knobs', () => {
    const o = resolveBenchOptions({ modelPath: 'm.onnx', engine: 'ort', streams: 2, threads: 2 });
    expect(o).toMatchObject({
      nireq: 2,
      api: 'async',
      batch: 1,
      timeS: 10,
      niter: null,
      warmup: 1,
    });
    expect(() =>
      resolveBenchOptions({ modelPath: 'm', engine: 'ort', streams: 3, threads: 2 }),
    ).toThrow(/threads \(2\) is less than streams \(3\)/);
    expect(() =>
      resolveBenchOptions({ modelPath: 'm', engine: 'ort', timeS: 1, niter: 2 }),
    ).toThrow(/not both/);
    expect(() => resolveBenchOptions({ modelPath: 'm', engine: 'ort', streams: 0 })).toThrow(
      /streams must be an integer from 1 to 256/,
    );
    expect(() => resolveBenchOptions({ modelPath: 'm', engine: 'ort', timeS: -1 })).toThrow(
      /time must be/,
    );
    expect(() => resolveBenchOptions({ modelPath: 'm', engine: 'ort', sparseRate: 2 })).toThrow(
      /sparse_rate/,
    );
  });
});

describe('graphFacts', () => {
  it('reads vocabulary and positions off the embedding Gathers', () => {
    const facts = graphFacts(readOnnx(tinyBertOnnx({ vocab: 77, maxPositions: 24 }), null));
    expect(facts.vocabSize).toBe(77);
    expect(facts.maxPositions).toBe(24);
    expect(facts.inputs.map((i) => i.name)).toEqual([
      'input_ids',
      'attention_mask',
      'token_type_ids',
    ]);
  });
});

describe('runBenchmark (ort)', () => {
  it('runs exactly niter iterations over two streams and fills a valid result', async () => {
    const r = await runBenchmark({
      modelPath: model,
      engine: 'ort',
      streams: 2,
      threads: 2,
      niter: 40,
      seq: 16,
      sparseRate: 0.75,
      variant: 'dense',
    });
    expect(benchResultSchema.parse(r)).toEqual(r);
    expect(r.count).toBe(40);
    expect(r.config).toMatchObject({
      streams: 2,
      threads: 2,
      nireq: 2,
      api: 'async',
      batch: 1,
      seq: 16,
      niter: 40,
      time_s: null,
      warmup: 1,
    });
    expect(r.config.shapes).toEqual({
      input_ids: [1, 16],
      attention_mask: [1, 16],
      token_type_ids: [1, 16],
    });
    expect(r.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.model.variant).toBe('dense');
    expect(r.notes).toContain('onnxruntime ignores sparse_rate (no sparse-weight kernels)');
    expect(r.throughput_fps).toBeCloseTo((40 * 1000) / r.duration_ms!, 6);
    const l = r.latency_ms;
    expect(l.min!).toBeGreaterThan(0);
    expect(l.min!).toBeLessThanOrEqual(l.median!);
    expect(l.median!).toBeLessThanOrEqual(l.p90!);
    expect(l.p90!).toBeLessThanOrEqual(l.p99!);
    expect(l.p99!).toBeLessThanOrEqual(l.max!);
    expect(r.first_inference_ms!).toBeGreaterThan(0);
    expect(r.load_ms!).toBeGreaterThan(0);
    expect(r.peak_rss_mb!).toBeGreaterThan(10);
    expect(r.engine_version).toMatch(/^\d+\.\d+/);
  });

  it('runs the sync API one request at a time for a time-bound run, reporting progress', async () => {
    const progress: { elapsedMs: number; count: number }[] = [];
    const r = await runBenchmark(
      {
        modelPath: model,
        engine: 'ort',
        streams: 2,
        threads: 2,
        api: 'sync',
        timeS: 0.6,
        seq: 8,
        warmup: 0,
      },
      { onProgress: (p) => progress.push(p) },
    );
    expect(r.config).toMatchObject({ api: 'sync', nireq: 1, time_s: 0.6, niter: null, warmup: 0 });
    expect(r.count!).toBeGreaterThan(0);
    expect(r.duration_ms!).toBeGreaterThanOrEqual(500);
    expect(r.first_inference_ms).not.toBeNull();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.count).toBeLessThanOrEqual(r.count!);
  });

  it('defaults seq to the model positions when fewer than 128 and refuses a longer one', async () => {
    const r = await runBenchmark({
      modelPath: model,
      engine: 'ort',
      streams: 1,
      threads: 1,
      niter: 2,
    });
    expect(r.config.seq).toBe(32);
    const err = await rejection(
      runBenchmark({ modelPath: model, engine: 'ort', niter: 2, seq: 33 }),
    );
    expect(err.message).toMatch(
      /Sequence length 33 of input input_ids exceeds the model's 32 positions/,
    );
  });

  it('rejects with a clear reason when a stream worker crashes mid-run', async () => {
    process.env.SPARSESCOPE_FAULT = 'crash-worker';
    const started = Date.now();
    const err = await rejection(
      runBenchmark({ modelPath: model, engine: 'ort', streams: 2, threads: 2, timeS: 30, seq: 8 }),
      BugError,
    );
    expect(err.kind).toBe('Crashed');
    expect(err.message).toMatch(/Stream \d's worker crashed: SPARSESCOPE_FAULT=crash-worker/);
    // The surviving stream was stopped, not left to run out its 30 s.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('crashes even when the crashing stream has nothing left to run (niter 1)', async () => {
    process.env.SPARSESCOPE_FAULT = 'crash-worker';
    const err = await rejection(
      runBenchmark({ modelPath: model, engine: 'ort', streams: 1, threads: 1, niter: 1, seq: 8 }),
      BugError,
    );
    expect(err.message).toMatch(/Stream 0's worker crashed: SPARSESCOPE_FAULT=crash-worker/);
  });

  it('stops cleanly on abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const p = runBenchmark(
      { modelPath: model, engine: 'ort', streams: 1, threads: 1, timeS: 30, seq: 8 },
      {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    );
    const err = await rejection(p);
    expect(err.kind).toBe('Cancelled');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('rejects on the overall timeout', async () => {
    const err = await rejection(
      runBenchmark({ modelPath: model, engine: 'ort', timeS: 30, seq: 8, timeoutMs: 1500 }),
    );
    expect(err.kind).toBe('Timeout');
    expect(err.message).toMatch(/did not finish within 2 s/);
  });

  it('refuses a missing model and a non-model file', async () => {
    expect(
      (
        await rejection(
          runBenchmark({ modelPath: path.join(dir, 'nope.onnx'), engine: 'ort', niter: 1 }),
        )
      ).message,
    ).toMatch(/nope\.onnx: no such file/);
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model at all');
    expect(
      (await rejection(runBenchmark({ modelPath: junk, engine: 'ort', niter: 1 }))).message,
    ).toMatch(/junk\.onnx/);
  });
});
