import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, prune, rand, refMatmul } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 7, 3],
  [17, 33, 19],
  [64, 48, 72],
];

describe.each(TIER_IDS)('FP32 MatMul with a constant weight [%s]', (tier) => {
  for (const [M, K, N] of SHAPES) {
    for (const sparsity of [0, 0.8]) {
      for (const rate of [null, 0.5]) {
        it(`M=${M} K=${K} N=${N} sparsity ${sparsity} sparseRate ${rate}`, async (ctx) => {
          requireTier(tier, ctx);
          const w = prune(rand(K * N, 7), sparsity);
          const a = rand(M * K, 3);
          const g = model(
            [node('MatMul', ['a', 'w'], ['y'], {}, 'proj')],
            [io('a', 'float32', ['m', K])],
            [io('y', 'float32', ['m', N])],
            [init('w', 'float32', [K, N], w)],
          );
          const s = createBuiltinSession(g, { tier, threads: 1, sparseRate: rate });
          const expectSparse = rate !== null && sparsity >= rate;
          expect(s.notes.join('\n')).toContain(
            expectSparse ? 'proj: sparse fp32' : 'proj: dense fp32',
          );
          const out = await s.run({ a: { dtype: 'float32', dims: [M, K], data: a } });
          expect(out.y!.dims).toEqual([M, N]);
          expect(maxAbsDiff(out.y!.data as Float32Array, refMatmul(a, w, M, K, N))).toBeLessThan(
            1e-4 * Math.sqrt(K),
          );
        });
      }
    }
  }

  it('keeps leading batch dims and reuses the arena across runs', async (ctx) => {
    requireTier(tier, ctx);
    const [K, N] = [24, 40];
    const w = prune(rand(K * N, 9), 0.9);
    const g = model(
      [node('MatMul', ['a', 'w'], ['y'])],
      [io('a', 'float32', ['b', 's', K])],
      [io('y', 'float32', ['b', 's', N])],
      [init('w', 'float32', [K, N], w)],
    );
    const s = createBuiltinSession(g, { tier, threads: 1, sparseRate: 0.5 });
    const a = rand(2 * 3 * K, 4);
    const first = await s.run({ a: { dtype: 'float32', dims: [2, 3, K], data: a } });
    const peak = s.arenaPeakBytes;
    const second = await s.run({ a: { dtype: 'float32', dims: [2, 3, K], data: a } });
    expect(first.y!.dims).toEqual([2, 3, N]);
    expect(second.y!.data).toEqual(first.y!.data);
    expect(s.arenaPeakBytes).toBe(peak);
    expect(maxAbsDiff(first.y!.data as Float32Array, refMatmul(a, w, 6, K, N))).toBeLessThan(1e-4);
  });
});

describe.each(TIER_IDS)('FP32 MatMul of two run-time operands [%s]', (tier) => {
  it('broadcasts batch dims like numpy', async (ctx) => {
    requireTier(tier, ctx);
    const g = model(
      [node('MatMul', ['a', 'b'], ['y'])],
      [io('a', 'float32', [2, 3, 5, 7]), io('b', 'float32', [3, 7, 4])],
      [io('y', 'float32', [2, 3, 5, 4])],
    );
    const s = createBuiltinSession(g, { tier, threads: 1 });
    const a = rand(2 * 3 * 5 * 7, 1),
      b = rand(3 * 7 * 4, 2);
    const out = await s.run({
      a: { dtype: 'float32', dims: [2, 3, 5, 7], data: a },
      b: { dtype: 'float32', dims: [3, 7, 4], data: b },
    });
    const y = out.y!.data as Float32Array;
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const ref = refMatmul(
          a.subarray((i * 3 + j) * 35, (i * 3 + j + 1) * 35),
          b.subarray(j * 28, (j + 1) * 28),
          5,
          7,
          4,
        );
        expect(maxAbsDiff(y.subarray((i * 3 + j) * 20, (i * 3 + j + 1) * 20), ref)).toBeLessThan(
          1e-5,
        );
      }
  });
});

describe.each(TIER_IDS)('Gemm [%s]', (tier) => {
  for (const [constant, sparsity] of [
    [true, 0],
    [true, 0.8],
    [false, 0],
  ] as const) {
    it(`transA, transB, alpha, beta with ${constant ? `a packed constant (sparsity ${sparsity})` : 'a run-time'} B`, async (ctx) => {
      requireTier(tier, ctx);
      const [M, K, N] = [6, 10, 9];
      const aT = rand(K * M, 5),
        bT = prune(rand(N * K, 6), sparsity),
        c = rand(N, 8);
      const inputs = [io('a', 'float32', [K, M])];
      const inits = [init('c', 'float32', [N], c)];
      if (constant) inits.push(init('b', 'float32', [N, K], bT));
      else inputs.push(io('b', 'float32', [N, K]));
      const g = model(
        [
          node('Gemm', ['a', 'b', 'c'], ['y'], {
            transA: { type: 'int', value: 1 },
            transB: { type: 'int', value: 1 },
            alpha: { type: 'float', value: 0.5 },
            beta: { type: 'float', value: 2 },
          }),
        ],
        inputs,
        [io('y', 'float32', [M, N])],
        inits,
      );
      const s = createBuiltinSession(g, { tier, threads: 1, sparseRate: 0.5 });
      if (constant) expect(s.notes.join('\n')).toContain(sparsity ? 'sparse fp32' : 'dense fp32');
      const feeds: Record<string, { dtype: 'float32'; dims: number[]; data: Float32Array }> = {
        a: { dtype: 'float32', dims: [K, M], data: aT },
      };
      if (!constant) feeds.b = { dtype: 'float32', dims: [N, K], data: bT };
      const y = (await s.run(feeds)).y!.data as Float32Array;
      for (let m = 0; m < M; m++)
        for (let n = 0; n < N; n++) {
          let acc = 0;
          for (let k = 0; k < K; k++) acc += aT[k * M + m]! * bT[n * K + k]!;
          expect(y[m * N + n]).toBeCloseTo(0.5 * acc + 2 * c[n]!, 5);
        }
    });
  }
});

/**
 * A sparse product whose output another sparse product reads writes that reader's column
 * layout as it goes (tiers/tier.ts OutLayout): alone ('cols', the row-major block unwritten),
 * or beside the row-major output when something else reads it too ('both').
 */
describe.each(TIER_IDS)('sparse FP32 MatMul feeding a sparse MatMul [%s]', (tier) => {
  const [K, N, P] = [48, 40, 24];
  const w1 = prune(rand(K * N, 11), 0.9),
    w2 = prune(rand(N * P, 12), 0.9);
  const readers = {
    'the second product only': { nodes: [], outputs: [] as string[] },
    'also a Relu': { nodes: [node('Relu', ['y'], ['r'])], outputs: ['r'] },
    'also the graph outputs': { nodes: [], outputs: ['y'] },
  };
  for (const [what, extra] of Object.entries(readers))
    for (const M of [5, 71])
      for (const threads of [1, 2])
        it(`read by ${what}, M=${M}, ${threads} thread(s)`, async (ctx) => {
          requireTier(tier, ctx);
          const g = model(
            [
              node('MatMul', ['a', 'w1'], ['y']),
              node('MatMul', ['y', 'w2'], ['z']),
              ...extra.nodes,
            ],
            [io('a', 'float32', ['m', K])],
            [io('z', 'float32', ['m', P]), ...extra.outputs.map((o) => io(o, 'float32', ['m', N]))],
            [init('w1', 'float32', [K, N], w1), init('w2', 'float32', [N, P], w2)],
          );
          const s = createBuiltinSession(g, { tier, threads, sparseRate: 0.5 });
          const a = rand(M * K, 13);
          const y = refMatmul(a, w1, M, K, N);
          const z = refMatmul(y, w2, M, N, P);
          for (let run = 0; run < 2; run++) {
            const out = await s.run({ a: { dtype: 'float32', dims: [M, K], data: a } });
            expect(maxAbsDiff(out.z!.data as Float32Array, z)).toBeLessThan(1e-4 * K);
            if (out.r)
              expect(
                maxAbsDiff(
                  out.r.data as Float32Array,
                  y.map((v) => Math.max(0, v)),
                ),
              ).toBeLessThan(1e-4 * K);
            if (extra.outputs.includes('y'))
              expect(maxAbsDiff(out.y!.data as Float32Array, y)).toBeLessThan(1e-4 * K);
          }
          await s.close();
        });
});
