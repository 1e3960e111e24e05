import { NODE_TESTS } from '../node-tests-dir';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import type { Graph } from '../../../core/model/graph';
import { modelInfo } from '../../../core/model/model-info';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { tensorFromArray, tensorToArray } from '../../../core/model/tensor';
import { graph, model, node } from './build-model';
import { Prng } from '../../../core/util/prng';

const MUTATIONS = 10_000;

/** Seeded, so a failure reproduces: an integer in [0, n). */
function rng(seed: number): (n: number) => number {
  const prng = new Prng(seed);
  return (n) => prng.int(n);
}

function seeds(): Uint8Array[] {
  const written = writeOnnx(
    model(
      graph({
        nodes: [
          node('MatMul', ['x', 'w'], ['h'], {}, 'mm'),
          node('Add', ['h', 'b'], ['y'], {}),
          node('Reshape', ['y', 'shape'], ['z'], { allowzero: { type: 'int', value: 0 } }),
        ],
        inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 'seq', 4] }],
        outputs: [{ name: 'z', dtype: 'float32', shape: ['batch', null] }],
        initializers: [
          tensorFromArray('w', 'float32', [4, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]),
          tensorFromArray('b', 'float16', [3], [0.5, 0, 1]),
          tensorFromArray('shape', 'int64', [2], [0, -1]),
        ],
      }),
    ),
  );
  const out = [written];
  // Node tests add subgraphs (If) and tensor attributes (Constant) when present.
  for (const name of ['test_if', 'test_constant']) {
    const file = path.join(NODE_TESTS, name, 'model.onnx');
    if (existsSync(file)) out.push(readFileSync(file));
  }
  return out;
}

function mutate(src: Uint8Array, other: Uint8Array, r: (n: number) => number): Uint8Array {
  const b = Uint8Array.from(src);
  switch (r(6)) {
    case 0: {
      const flips = 1 + r(4);
      for (let i = 0; i < flips; i++) b[r(b.length)]! ^= 1 << r(8);
      return b;
    }
    case 1:
      return b.subarray(0, r(b.length));
    case 2: {
      // Splice a chunk of another file (or this one) into a random place.
      const from = r(other.length);
      const chunk = other.subarray(from, from + 1 + r(64));
      const at = r(b.length);
      const out = new Uint8Array(at + chunk.length + Math.max(0, b.length - at - r(8)));
      out.set(b.subarray(0, at));
      out.set(chunk, at);
      out.set(b.subarray(b.length - (out.length - at - chunk.length)), at + chunk.length);
      return out;
    }
    case 3: {
      // Oversized varints hit length prefixes and counts.
      const at = r(b.length);
      b[at] = 0xff;
      if (at + 1 < b.length) b[at + 1] = 0x7f;
      return b;
    }
    case 4: {
      const at = r(b.length);
      return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + r(16))]);
    }
    default:
      b[r(b.length)] = r(256);
      return b;
  }
}

function touchAll(g: Graph): void {
  for (const t of g.initializers.values()) tensorToArray(t);
  for (const n of g.nodes) {
    for (const a of Object.values(n.attributes)) {
      if (a.type === 'tensor') tensorToArray(a.value);
      if (a.type === 'graph') touchAll(a.value);
    }
  }
}

describe('ONNX importer fuzz', () => {
  it(`survives ${MUTATIONS} mutated files: a model or a UserError, each under 1 s`, () => {
    const inputs = seeds();
    const r = rng(0x5eed);
    let models = 0;
    let refused = 0;
    let slowest = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const src = inputs[i % inputs.length]!;
      const bytes = mutate(src, inputs[r(inputs.length)]!, r);
      const t0 = performance.now();
      try {
        const m = readOnnx(bytes, `fuzz-${i}.onnx`);
        touchAll(m.graph);
        modelInfo(m, { seq: 8 });
        models++;
      } catch (err) {
        if (!(err instanceof UserError)) {
          throw new Error(`mutation ${i} threw ${(err as Error).name}: ${(err as Error).message}`);
        }
        expect(err.message.startsWith(`fuzz-${i}.onnx: `)).toBe(true);
        refused++;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `mutation ${i} took ${ms.toFixed(0)} ms`).toBeLessThan(1000);
    }
    console.log(`fuzz: ${models} models, ${refused} UserErrors, slowest ${slowest.toFixed(1)} ms`);
    expect(models + refused).toBe(MUTATIONS);
  });
});
