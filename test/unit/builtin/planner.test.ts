import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ensureWasm } from './ensure-wasm';
import { init, io, model, node, rand, refMatmul } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

const ints = (v: number) => ({ type: 'int' as const, value: v });

describe('planner', () => {
  it('caches a Shape→Gather→Concat→Reshape chain per input-shape signature and stays correct', async () => {
    // y = Reshape(x, [batch, seq, 2, 3]) with the shape built from Shape(x) at run time.
    const g = model(
      [
        node('Shape', ['x'], ['s']),
        node('Gather', ['s', 'i0'], ['b'], { axis: ints(0) }),
        node('Gather', ['s', 'i1'], ['q'], { axis: ints(0) }),
        node('Unsqueeze', ['b', 'ax0'], ['b1']),
        node('Unsqueeze', ['q', 'ax0'], ['q1']),
        node('Concat', ['b1', 'q1', 'tail'], ['shape'], { axis: ints(0) }),
        node('Reshape', ['x', 'shape'], ['r']),
        node('Mul', ['r', 'two'], ['y']),
      ],
      [io('x', 'float32', ['batch', 'seq', 6])],
      [io('y', 'float32', ['batch', 'seq', 2, 3])],
      [
        init('i0', 'int64', [], [0]),
        init('i1', 'int64', [], [1]),
        init('ax0', 'int64', [1], [0]),
        init('tail', 'int64', [2], [2, 3]),
        init('two', 'float32', [], [2]),
      ],
    );
    const s = createBuiltinSession(g, { threads: 1 });
    expect(s.notes).toContain('6 shape-only nodes computed once per input-shape signature');
    for (const [b, q] of [
      [1, 4],
      [2, 3],
      [1, 4],
      [2, 3],
    ] as const) {
      const x = rand(b * q * 6, b + q);
      const y = (await s.run({ x: { dtype: 'float32', dims: [b, q, 6], data: x } })).y!;
      expect(y.dims).toEqual([b, q, 2, 3]);
      expect(Array.from(y.data as Float32Array)).toEqual(Array.from(x, (v) => Math.fround(v * 2)));
    }
  });

  it('folds constant subgraphs at load and drops dead nodes', async () => {
    const g = model(
      [
        node('Add', ['c1', 'c2'], ['c3']),
        node('Mul', ['x', 'c3'], ['y']),
        node('Neg', ['x'], ['unused']),
      ],
      [io('x', 'float32', [3])],
      [io('y', 'float32', [3])],
      [init('c1', 'float32', [3], [1, 2, 3]), init('c2', 'float32', [3], [1, 1, 1])],
    );
    const s = createBuiltinSession(g, { threads: 1, profile: true });
    const y = (
      await s.run({ x: { dtype: 'float32', dims: [3], data: Float32Array.from([1, 1, 2]) } })
    ).y!;
    expect(Array.from(y.data as Float32Array)).toEqual([2, 3, 8]);
    // Only the Mul runs: the Add was folded at load, the Neg feeds nothing.
    expect(s.nodeTimes().map((n) => n.opType)).toEqual(['Mul']);
  });

  it('fuses the erf GELU subgraph into one Gelu kernel with the same result', async () => {
    const x = Float32Array.from(rand(40, 3), (v) => v * 4);
    const g = model(
      [
        node('Div', ['x', 'sqrt2'], ['d']),
        node('Erf', ['d'], ['e']),
        node('Add', ['e', 'one'], ['a']),
        node('Mul', ['x', 'a'], ['m']),
        node('Mul', ['m', 'half'], ['y']),
      ],
      [io('x', 'float32', [40])],
      [io('y', 'float32', [40])],
      [
        init('sqrt2', 'float32', [], [Math.SQRT2]),
        init('one', 'float32', [], [1]),
        init('half', 'float32', [], [0.5]),
      ],
    );
    const s = createBuiltinSession(g, { threads: 1 });
    expect(s.notes).toContain('fused 1 GELU subgraph (Div/Erf/Add/Mul/Mul → one Gelu kernel)');
    const y = (await s.run({ x: { dtype: 'float32', dims: [40], data: x } })).y!
      .data as Float32Array;
    // Reference GELU via Φ from the complementary error function series is overkill here:
    // the unfused graph computed in float64 with a precise erf (Abramowitz–Stegun 7.1.26 is
    // within 1.5e-7) bounds the fused kernel's error.
    const erf = (z: number): number => {
      const t = 1 / (1 + 0.3275911 * Math.abs(z));
      const p =
        t *
        (0.254829592 +
          t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      return Math.sign(z) * (1 - p * Math.exp(-z * z));
    };
    x.forEach((v, i) =>
      expect(Math.abs(y[i]! - 0.5 * v * (1 + erf(v / Math.SQRT2)))).toBeLessThan(1e-6),
    );
  });

  it('scalar broadcast Sub/Div in both operand orders', async () => {
    const a = Float32Array.from(rand(10, 4), (v) => v + 2);
    for (const swap of [false, true]) {
      const g = model(
        [node('Div', swap ? ['s', 'a'] : ['a', 's'], ['y'])],
        [io('a', 'float32', [10])],
        [io('y', 'float32', [10])],
        [init('s', 'float32', [], [3])],
      );
      const y = (
        await createBuiltinSession(g, { threads: 1 }).run({
          a: { dtype: 'float32', dims: [10], data: a },
        })
      ).y!.data as Float32Array;
      a.forEach((v, i) => expect(y[i]).toBeCloseTo(swap ? 3 / v : v / 3, 6));
    }
  });
});

describe('MatMul + bias fusion', () => {
  for (const rate of [null, 0.5]) {
    it(`adds a constant bias row inside the MatMul kernel (sparseRate ${rate})`, async () => {
      const [M, K, N] = [5, 12, 10];
      const w = Float32Array.from(rand(K * N, 2), (v) => (Math.abs(v) < 0.7 ? 0 : v));
      const b = rand(N, 3);
      const full = rand(M * N, 4);
      const g = model(
        [
          node('MatMul', ['x', 'w'], ['h']),
          node('Add', ['b', 'h'], ['y']),
          node('MatMul', ['x', 'w'], ['h2']),
          node('Add', ['h2', 'full'], ['z']),
        ],
        [io('x', 'float32', [M, K])],
        [io('y', 'float32', [M, N]), io('z', 'float32', [M, N])],
        [
          init('w', 'float32', [K, N], w),
          init('b', 'float32', [N], b),
          init('full', 'float32', [M, N], full),
        ],
      );
      const s = createBuiltinSession(g, { threads: 1, sparseRate: rate, profile: true });
      // Only the row bias is fused; a full [M, N] addend stays a separate Add.
      expect(s.notes).toContain('fused 1 bias Add into their MatMul kernels');
      const x = rand(M * K, 5);
      const out = await s.run({ x: { dtype: 'float32', dims: [M, K], data: x } });
      expect(
        s
          .nodeTimes()
          .map((n) => n.opType)
          .sort(),
      ).toEqual(['Add', 'MatMul', 'MatMul']);
      const ref = refMatmul(x, w, M, K, N);
      const y = out.y!.data as Float32Array,
        z = out.z!.data as Float32Array;
      for (let i = 0; i < M * N; i++) {
        expect(Math.abs(y[i]! - (ref[i]! + b[i % N]!))).toBeLessThan(1e-5);
        expect(Math.abs(z[i]! - (ref[i]! + full[i]!))).toBeLessThan(1e-5);
      }
    });
  }
});
