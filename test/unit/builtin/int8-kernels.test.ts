import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ensureWasm } from './ensure-wasm';
import { amxActive, requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, rand, refMatmul } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/** Int8 weights with `sparsity` of entries at their column's zero point. */
function int8Weights(K: number, N: number, sparsity: number, zp: number[]): Int8Array {
  const r = rand(K * N, 11),
    keep = rand(K * N, 12);
  const w = new Int8Array(K * N);
  for (let i = 0; i < w.length; i++)
    w[i] =
      (keep[i]! + 1) / 2 < sparsity
        ? zp[i % N]!
        : Math.max(-128, Math.min(127, Math.round(r[i]! * 127)));
  return w;
}

describe.each(TIER_IDS)('QDQ MatMul on int8 kernels [%s]', (tier) => {
  for (const [M, K, N] of [
    [3, 5, 7],
    [20, 40, 24],
    [64, 64, 33],
    // Activation quads beyond L1 (48 KB): the native sparse kernel walks k blocks.
    [64, 1024, 24],
    [40, 1102, 20],
    // K a multiple of 64 (AMX tiles where the CPU has them): one row tile, 32 + 4 rows, 32 + 13.
    [16, 128, 64],
    [20, 192, 40],
    [45, 256, 70],
    // M ≤ 32 on AMX: each K step expanded just ahead into a ring of 4 steps (8 and 12 steps).
    [32, 512, 40],
    [7, 768, 33],
  ] as const) {
    for (const [sparsity, rate] of [
      [0, null],
      [0.95, 0.5],
      [0.95, null],
      [0.8, 0.5],
    ] as const) {
      it(`M=${M} K=${K} N=${N} sparsity ${sparsity} rate ${rate}`, async (ctx) => {
        requireTier(tier, ctx);
        const sa = 0.02,
          za = 128;
        const sw = Array.from(rand(N, 3), (v) => 0.01 + Math.abs(v) * 0.02);
        const wq = int8Weights(K, N, sparsity, new Array<number>(N).fill(0));
        const g = model(
          [
            node('QuantizeLinear', ['x', 'sa', 'za'], ['xq']),
            node('DequantizeLinear', ['xq', 'sa', 'za'], ['xd']),
            node('DequantizeLinear', ['wq', 'sw'], ['wd'], { axis: { type: 'int', value: 1 } }),
            node('MatMul', ['xd', 'wd'], ['y'], {}, 'qproj'),
          ],
          [io('x', 'float32', ['m', K])],
          [io('y', 'float32', ['m', N])],
          [
            init('sa', 'float32', [], [sa]),
            init('za', 'uint8', [], [za]),
            init('sw', 'float32', [N], sw),
            init('wq', 'int8', [K, N], wq),
          ],
          13,
        );
        const s = createBuiltinSession(g, { tier, threads: 1, sparseRate: rate });
        const expected =
          rate === null
            ? /qproj: dense int8/
            : amxActive(tier) && K % 64 === 0
              ? /qproj: sparse int8 \(sparsity [\d.]+ ≥ 0\.5\), bitmask-compressed, expanded into AMX/
              : sparsity > 0.9 || tier.startsWith('wasm')
                ? /qproj: sparse int8/
                : // Native at 80%: when most 4-row groups hold a nonzero the dense kernel is kept.
                  /qproj: (sparse int8|dense int8 \(\d+% of 4-row groups)/;
        expect(s.notes.join('\n')).toMatch(expected);
        const x = Float32Array.from(rand(M * K, 5), (v) => v * 2);
        const y = (await s.run({ x: { dtype: 'float32', dims: [M, K], data: x } })).y!
          .data as Float32Array;
        const xd = Array.from(
          x,
          (v) => (Math.max(0, Math.min(255, roundEven(Math.fround(v / sa)) + za)) - za) * sa,
        );
        const wd = Array.from(wq, (v, i) => v * sw[i % N]!);
        expect(maxAbsDiff(y, refMatmul(xd, wd, M, K, N))).toBeLessThan(1e-4);
      });
    }
  }
});

describe.each(TIER_IDS)('MatMulInteger [%s]', (tier) => {
  for (const [sparsity, rate] of [
    [0, null],
    [0.95, 0.5],
  ] as const) {
    it(`is exact with zero points (sparsity ${sparsity}, rate ${rate})`, async (ctx) => {
      requireTier(tier, ctx);
      const [M, K, N] = [9, 70, 13];
      const zb = Array.from({ length: N }, (_, n) => (n % 5) - 2);
      const b = int8Weights(K, N, sparsity, zb);
      const a = Uint8Array.from(rand(M * K, 9), (v) => Math.floor((v + 1) * 127.9));
      const g = model(
        [node('MatMulInteger', ['a', 'b', 'za', 'zb'], ['y'], {}, 'mmi')],
        [io('a', 'uint8', [M, K])],
        [io('y', 'int32', [M, N])],
        [init('b', 'int8', [K, N], b), init('za', 'uint8', [], [100]), init('zb', 'int8', [N], zb)],
      );
      const s = createBuiltinSession(g, { tier, threads: 1, sparseRate: rate });
      expect(s.notes.join('\n')).toContain(rate !== null ? 'mmi: sparse int8' : 'mmi: dense int8');
      const y = (await s.run({ a: { dtype: 'uint8', dims: [M, K], data: a } })).y!
        .data as Int32Array;
      const ref = refMatmul(
        Array.from(a, (v) => v - 100),
        Array.from(b, (v, i) => v - zb[i % N]!),
        M,
        K,
        N,
      );
      expect(Array.from(y)).toEqual(Array.from(ref));
    });
  }
});

describe.each(TIER_IDS)('QDQ MatMul quantizing its own activation [%s]', (tier) => {
  const [M, K, N] = [18, 48, 40];
  const sw = Array.from(rand(N, 3), (v) => 0.01 + Math.abs(v) * 0.02);
  const wq = int8Weights(K, N, 0.95, new Array<number>(N).fill(0));
  /** x → QuantizeLinear → DequantizeLinear → MatMul, the quantized x also an output or not. */
  const qdq = (xType: 'float32' | 'int32', exposeXq: boolean) =>
    model(
      [
        node('QuantizeLinear', ['x', 'sa', 'za'], ['xq']),
        node('DequantizeLinear', ['xq', 'sa', 'za'], ['xd']),
        node('DequantizeLinear', ['wq', 'sw'], ['wd'], { axis: { type: 'int', value: 1 } }),
        node('MatMul', ['xd', 'wd'], ['y'], {}, 'qproj'),
      ],
      [io('x', xType, ['m', K])],
      [io('y', 'float32', ['m', N]), ...(exposeXq ? [io('xq', 'int8', ['m', K])] : [])],
      [
        init('sa', 'float32', [], [0.05]),
        init('za', 'int8', [], [3]),
        init('sw', 'float32', [N], sw),
        init('wq', 'int8', [K, N], wq),
      ],
      13,
    );
  const ref = (x: ArrayLike<number>) => {
    const xd = Array.from(
      x,
      (v) => (Math.max(-128, Math.min(127, roundEven(Math.fround(v / 0.05)) + 3)) - 3) * 0.05,
    );
    return refMatmul(
      xd,
      Array.from(wq, (v, i) => v * sw[i % N]!),
      M,
      K,
      N,
    );
  };

  it('gives what a separate QuantizeLinear gives, bit for bit', async (ctx) => {
    requireTier(tier, ctx);
    // Ties (x / scale = k + ½) and values beyond the int8 range exercise rounding and saturation.
    const x = Float32Array.from(rand(M * K, 5), (v, i) => (i % 7 === 0 ? 0.025 * (i % 13) : v * 9));
    const feeds = { x: { dtype: 'float32' as const, dims: [M, K], data: x } };
    const run = async (expose: boolean) => {
      const s = createBuiltinSession(qdq('float32', expose), { tier, threads: 1, sparseRate: 0.5 });
      return (await s.run(feeds)).y!.data as Float32Array;
    };
    const fused = await run(false),
      separate = await run(true);
    expect(Array.from(fused)).toEqual(Array.from(separate));
    expect(maxAbsDiff(fused, ref(x))).toBeLessThan(1e-4);
  });

  it('quantizes an int32 input as QuantizeLinear does', async (ctx) => {
    requireTier(tier, ctx);
    const x = Int32Array.from(rand(M * K, 6), (v) => Math.round(v * 9));
    const s = createBuiltinSession(qdq('int32', false), { tier, threads: 1, sparseRate: null });
    const y = (await s.run({ x: { dtype: 'int32', dims: [M, K], data: x } })).y!
      .data as Float32Array;
    expect(maxAbsDiff(y, ref(x))).toBeLessThan(1e-4);
  });
});

/** The float32 next to v towards +∞ (dir 1) or −∞ (dir −1). */
function nextFloat(v: number, dir: 1 | -1): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v);
  if (v === 0) return dir * 1.401298464324817e-45;
  b.setInt32(0, b.getInt32(0) + (Math.sign(v) === dir ? 1 : -1));
  return b.getFloat32(0);
}

describe.each(TIER_IDS)('QuantizeLinear rounding [%s]', (tier) => {
  // The native kernel multiplies by the reciprocal and divides only near a tie; ties
  // (x / scale = k + ½ exactly) and their float neighbours are where that could go wrong.
  for (const [scale, zp, dtype] of [
    [0.02, 128, 'uint8'],
    [1 / 3, 0, 'int8'],
    [0.0071, -5, 'int8'],
    [2 ** -7, 0, 'uint8'],
    [123.4, 3, 'int8'],
  ] as const) {
    it(`rounds ties and their neighbours half to even (scale ${scale.toPrecision(3)}, ${dtype} zp ${zp})`, async (ctx) => {
      requireTier(tier, ctx);
      const s = Math.fround(scale);
      const xs: number[] = [];
      for (let k = -300; k <= 300; k += 0.5) {
        const v = Math.fround(k * s);
        xs.push(v, nextFloat(v, 1), nextFloat(v, -1));
      }
      const x = Float32Array.from(xs);
      const g = model(
        [node('QuantizeLinear', ['x', 's', 'z'], ['y'])],
        [io('x', 'float32', [x.length])],
        [io('y', dtype, [x.length])],
        [init('s', 'float32', [], [s]), init('z', dtype, [], [zp])],
        13,
      );
      const session = createBuiltinSession(g, { tier, threads: 1, sparseRate: null });
      const y = (await session.run({ x: { dtype: 'float32', dims: [x.length], data: x } })).y!
        .data as Int8Array | Uint8Array;
      const [lo, hi] = dtype === 'int8' ? [-128, 127] : [0, 255];
      const expected = Array.from(x, (v) =>
        Math.max(lo, Math.min(hi, roundEven(Math.fround(v / s)) + zp)),
      );
      expect(Array.from(y)).toEqual(expected);
    });
  }
});
