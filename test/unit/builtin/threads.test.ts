import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, prune, rand, refMatmul } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

describe.each(TIER_IDS)('worker threads sharing the session memory [%s]', (tier) => {
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
