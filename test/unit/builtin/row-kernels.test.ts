import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ortEngine } from '../../../core/engines/ort/ort-engine';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, rand } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

const f32 = (dims: number[], data: Float32Array) => ({ dtype: 'float32' as const, dims, data });

describe.each(TIER_IDS)('row kernels [%s]', (tier) => {
  it('LayerNormalization matches the formula (cols not a multiple of 4)', async (ctx) => {
    requireTier(tier, ctx);
    const [R, C] = [15, 37];
    const x = rand(R * C, 1),
      gamma = rand(C, 2),
      beta = rand(C, 3);
    const g = model(
      [
        node('LayerNormalization', ['x', 'g', 'b'], ['y'], {
          epsilon: { type: 'float', value: 1e-5 },
        }),
      ],
      [io('x', 'float32', [3, 5, C])],
      [io('y', 'float32', [3, 5, C])],
      [init('g', 'float32', [C], gamma), init('b', 'float32', [C], beta)],
    );
    const y = (await createBuiltinSession(g, { tier, threads: 1 }).run({ x: f32([3, 5, C], x) })).y!
      .data as Float32Array;
    const ref = new Float64Array(R * C);
    for (let r = 0; r < R; r++) {
      const row = x.subarray(r * C, r * C + C);
      const mean = row.reduce((a, b) => a + b, 0) / C;
      const v = row.reduce((a, b) => a + (b - mean) ** 2, 0) / C;
      for (let c = 0; c < C; c++)
        ref[r * C + c] = ((row[c]! - mean) / Math.sqrt(v + 1e-5)) * gamma[c]! + beta[c]!;
    }
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5);
  });

  it('Softmax on the last axis sums to 1 and is shift invariant with large inputs', async (ctx) => {
    requireTier(tier, ctx);
    const x = Float32Array.from(rand(4 * 13, 4), (v) => v * 50 + 1000);
    const g = model(
      [node('Softmax', ['x'], ['y'], { axis: { type: 'int', value: -1 } })],
      [io('x', 'float32', [4, 13])],
      [io('y', 'float32', [4, 13])],
      [],
      13,
    );
    const y = (await createBuiltinSession(g, { tier, threads: 1 }).run({ x: f32([4, 13], x) })).y!
      .data as Float32Array;
    for (let r = 0; r < 4; r++) {
      const row = x.subarray(r * 13, r * 13 + 13);
      const mx = Math.max(...row);
      const e = Array.from(row, (v) => Math.exp(v - mx));
      const sum = e.reduce((a, b) => a + b, 0);
      expect(
        maxAbsDiff(
          y.subarray(r * 13, r * 13 + 13),
          e.map((v) => v / sum),
        ),
      ).toBeLessThan(1e-6);
    }
  });

  it('Gelu (exact and tanh) matches known values and onnxruntime', async (ctx) => {
    requireTier(tier, ctx);
    const xs = Float32Array.from([1, -1, 0.5, 2, -3, 0, 1e-4, 6, -6]);
    const known = [
      0.8413447460685429, -0.15865525393145707, 0.34573123063700656, 1.9544997361036416,
      -0.0040496940948904, 0, 0.5000398942e-4, 6, -0,
    ];
    for (const approximate of ['none', 'tanh']) {
      const g = model(
        [node('Gelu', ['x'], ['y'], { approximate: { type: 'string', value: approximate } })],
        [io('x', 'float32', [9])],
        [io('y', 'float32', [9])],
        [],
        20,
      );
      const y = (await createBuiltinSession(g, { tier, threads: 1 }).run({ x: f32([9], xs) })).y!
        .data as Float32Array;
      if (approximate === 'none') expect(maxAbsDiff(y, known)).toBeLessThan(1e-6);
      else
        expect(
          maxAbsDiff(
            y,
            Array.from(
              xs,
              (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
            ),
          ),
        ).toBeLessThan(1e-6);
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gelu-')), 'gelu.onnx');
      writeFileSync(file, writeOnnx(g));
      const ort = await ortEngine.load(file, { threads: 1 });
      const ref = (await ort.run({ x: f32([9], xs) })).y!.data as Float32Array;
      await ort.close();
      expect(maxAbsDiff(y, ref)).toBeLessThan(1e-6);
    }
    // And on a dense range, through the tails and the clamp of the erf approximation: every
    // lane of every vector width, against onnxruntime's erf.
    const n = 4001;
    const dense = Float32Array.from({ length: n }, (_, i) => -8 + (16 * i) / (n - 1));
    const g = model(
      [node('Gelu', ['x'], ['y'])],
      [io('x', 'float32', [n])],
      [io('y', 'float32', [n])],
      [],
      20,
    );
    const y = (await createBuiltinSession(g, { tier, threads: 1 }).run({ x: f32([n], dense) })).y!
      .data as Float32Array;
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gelu-')), 'gelu-range.onnx');
    writeFileSync(file, writeOnnx(g));
    const ort = await ortEngine.load(file, { threads: 1 });
    const ref = (await ort.run({ x: f32([n], dense) })).y!.data as Float32Array;
    await ort.close();
    expect(maxAbsDiff(y, ref)).toBeLessThan(2e-6);
  });

  it('row-broadcast Add/Sub/Div match a scalar loop in both operand orders', async (ctx) => {
    requireTier(tier, ctx);
    const a = rand(6 * 10, 1),
      b = Float32Array.from(rand(10, 2), (v) => v + 2);
    for (const op of ['Add', 'Sub', 'Mul', 'Div']) {
      for (const swap of [false, true]) {
        const ins = swap ? ['b', 'a'] : ['a', 'b'];
        const g = model(
          [node(op, ins, ['y'])],
          [io('a', 'float32', [2, 3, 10]), io('b', 'float32', [10])],
          [io('y', 'float32', [2, 3, 10])],
        );
        const y = (
          await createBuiltinSession(g, { tier, threads: 1 }).run({
            a: f32([2, 3, 10], a),
            b: f32([10], b),
          })
        ).y!.data as Float32Array;
        const fn = (x: number, z: number): number =>
          op === 'Add' ? x + z : op === 'Sub' ? x - z : op === 'Mul' ? x * z : x / z;
        const ref = Array.from(a, (v, i) => (swap ? fn(b[i % 10]!, v) : fn(v, b[i % 10]!)));
        // b / a with a near 0 is large: compare relative to the magnitude.
        for (let i = 0; i < ref.length; i++)
          expect(Math.abs(y[i]! - ref[i]!)).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(ref[i]!)),
          );
      }
    }
  });
});
