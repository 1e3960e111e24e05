import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { claimChunk, spinWhile } from '../../../core/engines/builtin/thread-pool';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, prune, rand, refMatmul } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

describe("claimChunk: each thread its own run of chunks first, then the others'", () => {
  const BITS = 8,
    STRIDE = 16;
  /** Claim words of `threads` threads for job `seq`, every run open. */
  const words = (threads: number, seq: number) => {
    const w = new Int32Array(threads * STRIDE);
    for (let p = 0; p < threads; p++) w[p * STRIDE] = seq << BITS;
    return w;
  };
  const claim = (
    w: Int32Array,
    me: number,
    threads: number,
    per: number,
    count: number,
    seq: number,
  ) => claimChunk(w, me, threads, per, count, seq << BITS, BITS, STRIDE);

  it("hands out every chunk once, the owner's run first and then the next threads' in turn", () => {
    const w = words(3, 7);
    // Thread 1 alone: its run (2, 3), then thread 2's (4; the job has 5 chunks), then thread 0's.
    const got = Array.from({ length: 6 }, () => claim(w, 1, 3, 2, 5, 7));
    expect(got).toEqual([2, 3, 4, 0, 1, -1]);
    expect(claim(w, 0, 3, 2, 5, 7)).toBe(-1);
  });

  it('interleaved claimers each get their own run while it lasts', () => {
    const w = words(2, 1);
    const order = [0, 1, 0, 1, 0, 1].map((me) => [me, claim(w, me, 2, 2, 4, 1)]);
    expect(order).toEqual([
      [0, 0],
      [1, 2],
      [0, 1],
      [1, 3],
      [0, -1],
      [1, -1],
    ]);
  });

  it('a thread holding an older job claims nothing from a newer one, nor from a closed one', () => {
    const w = words(2, 9);
    expect(claim(w, 0, 2, 2, 4, 8)).toBe(-1);
    expect(claim(w, 1, 2, 2, 4, 8)).toBe(-1);
    for (let p = 0; p < 2; p++) w[p * STRIDE] = (9 << BITS) | ((1 << BITS) - 1);
    expect(claim(w, 0, 2, 2, 4, 9)).toBe(-1);
    // Sequence numbers wrap: the tag is the low bits of the 32-bit counter, as in the pool.
    const late = words(2, -3);
    expect(claim(late, 1, 2, 2, 4, -3)).toBe(2);
  });
});

describe('spinWhile: a spin without garbage that still keeps to its time limit', () => {
  it('returns as soon as the condition ends', () => {
    let spins = 0;
    spinWhile(() => ++spins < 10, 10_000);
    expect(spins).toBe(10);
  });

  it('gives up after its time limit while the condition holds', () => {
    const t0 = performance.now();
    spinWhile(() => true, 20);
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(20);
    expect(ms).toBeLessThan(2000);
  });
});

describe.each(TIER_IDS)('worker threads sharing the session memory [%s]', (tier) => {
  it('3 threads on a 2-core machine (runs taken over from late threads) match 1 thread bit for bit', async (ctx) => {
    requireTier(tier, ctx);
    const [M, K, N] = [33, 64, 517];
    const w = prune(rand(K * N, 31), 0.85);
    const a = rand(M * K, 32);
    const g = model(
      [node('MatMul', ['a', 'w'], ['h'], {}, 'mm1'), node('Relu', ['h'], ['y'], {}, 'relu')],
      [io('a', 'float32', [M, K])],
      [io('y', 'float32', [M, N])],
      [init('w', 'float32', [K, N], w)],
    );
    const one = createBuiltinSession(g, { tier, threads: 1, sparseRate: 0.5 });
    const three = createBuiltinSession(g, { tier, threads: 3, sparseRate: 0.5 });
    expect(three.notes.join('\n')).toContain('split over 3 threads');
    const feeds = { a: { dtype: 'float32' as const, dims: [M, K], data: a } };
    const y1 = Array.from((await one.run(feeds)).y!.data as Float32Array);
    for (let r = 0; r < 20; r++)
      expect(Array.from((await three.run(feeds)).y!.data as Float32Array)).toEqual(y1);
    await one.close();
    await three.close();
  });

  for (const rate of [null, 0.5]) {
    it(`split FP32 MatMul columns give the single-thread result bit for bit (sparseRate ${rate})`, async (ctx) => {
      requireTier(tier, ctx);
      const [M, K, N] = [48, 96, 203];
      const w = prune(rand(K * N, 21), 0.8);
      const a = rand(M * K, 22);
      const g = model(
        [node('MatMul', ['a', 'w'], ['y'], {}, 'mm')],
        [io('a', 'float32', [M, K])],
        [io('y', 'float32', [M, N])],
        [init('w', 'float32', [K, N], w)],
      );
      const one = createBuiltinSession(g, { tier, threads: 1, sparseRate: rate });
      const two = createBuiltinSession(g, { tier, threads: 2, sparseRate: rate });
      expect(two.notes.join('\n')).toContain('split over 2 threads');
      const feeds = { a: { dtype: 'float32' as const, dims: [M, K], data: a } };
      const y1 = (await one.run(feeds)).y!.data as Float32Array;
      for (let r = 0; r < 3; r++) {
        const y2 = (await two.run(feeds)).y!.data as Float32Array;
        expect(Array.from(y2)).toEqual(Array.from(y1));
      }
      expect(maxAbsDiff(y1, refMatmul(a, w, M, K, N))).toBeLessThan(1e-4);
      await one.close();
      await two.close();
    });
  }

  it('split int8 MatMulInteger columns stay exact', async (ctx) => {
    requireTier(tier, ctx);
    const [M, K, N] = [40, 80, 150];
    const b = Int8Array.from(rand(K * N, 5), (v) => (Math.abs(v) < 0.6 ? 0 : Math.round(v * 100)));
    const a = Uint8Array.from(rand(M * K, 6), (v) => Math.floor((v + 1) * 127));
    const g = model(
      [node('MatMulInteger', ['a', 'b', 'za'], ['y'])],
      [io('a', 'uint8', [M, K])],
      [io('y', 'int32', [M, N])],
      [init('b', 'int8', [K, N], b), init('za', 'uint8', [], [7])],
    );
    for (const rate of [null, 0.5]) {
      const s = createBuiltinSession(g, { tier, threads: 2, sparseRate: rate });
      const y = (await s.run({ a: { dtype: 'uint8', dims: [M, K], data: a } })).y!
        .data as Int32Array;
      expect(Array.from(y)).toEqual(
        Array.from(
          refMatmul(
            Array.from(a, (v) => v - 7),
            b,
            M,
            K,
            N,
          ),
        ),
      );
      await s.close();
    }
  });
});
