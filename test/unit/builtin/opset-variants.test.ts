import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import type { HostTensor } from '../../../core/engines/engine';
import { ensureWasm } from './ensure-wasm';
import { init, io, model, node } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

// The installed backend tests stop at opset 17; these pin the opset differences around them.
const x: HostTensor = {
  dtype: 'float32',
  dims: [2, 3],
  data: Float32Array.from([1, 2, 3, 4, 5, 6]),
};
const ints = (v: number[]) => ({ type: 'ints' as const, value: v });
const int = (v: number) => ({ type: 'int' as const, value: v });

async function run1(g: ReturnType<typeof model>, feeds: Record<string, HostTensor> = { x }) {
  return createBuiltinSession(g, { threads: 1 }).run(feeds);
}

describe('opset differences', () => {
  it('ReduceMean: axes attribute (opset 13) and axes input (opset 18), noop_with_empty_axes', async () => {
    const a = await run1(
      model(
        [node('ReduceMean', ['x'], ['y'], { axes: ints([1]), keepdims: int(0) })],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [2])],
        [],
        13,
      ),
    );
    expect(Array.from(a.y!.data as Float32Array)).toEqual([2, 5]);
    const b = await run1(
      model(
        [node('ReduceMean', ['x', 'axes'], ['y'])],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [1, 3])],
        [init('axes', 'int64', [1], [0])],
        18,
      ),
    );
    expect(b.y!.dims).toEqual([1, 3]);
    expect(Array.from(b.y!.data as Float32Array)).toEqual([2.5, 3.5, 4.5]);
    const c = await run1(
      model(
        [node('ReduceMean', ['x'], ['y'], { noop_with_empty_axes: int(1) })],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [2, 3])],
        [],
        18,
      ),
    );
    expect(Array.from(c.y!.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    const d = await run1(
      model(
        [node('ReduceMean', ['x'], ['y'])],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [1, 1])],
        [],
        18,
      ),
    );
    expect(Array.from(d.y!.data as Float32Array)).toEqual([3.5]);
  });

  it('Split: split attribute (opset 11), split input (13), num_outputs with a short last part (18)', async () => {
    const a = await run1(
      model(
        [node('Split', ['x'], ['p', 'q'], { axis: int(1), split: ints([1, 2]) })],
        [io('x', 'float32', [2, 3])],
        [io('p', 'float32', [2, 1]), io('q', 'float32', [2, 2])],
        [],
        11,
      ),
    );
    expect(Array.from(a.q!.data as Float32Array)).toEqual([2, 3, 5, 6]);
    const b = await run1(
      model(
        [node('Split', ['x', 's'], ['p', 'q'], { axis: int(1) })],
        [io('x', 'float32', [2, 3])],
        [io('p', 'float32', [2, 2]), io('q', 'float32', [2, 1])],
        [init('s', 'int64', [2], [2, 1])],
        13,
      ),
    );
    expect(Array.from(b.p!.data as Float32Array)).toEqual([1, 2, 4, 5]);
    const c = await run1(
      model(
        [node('Split', ['x'], ['p', 'q'], { axis: int(1), num_outputs: int(2) })],
        [io('x', 'float32', [2, 3])],
        [io('p', 'float32', [2, 2]), io('q', 'float32', [2, 1])],
        [],
        18,
      ),
    );
    expect(c.p!.dims).toEqual([2, 2]);
    expect(Array.from(c.q!.data as Float32Array)).toEqual([3, 6]);
  });

  it('Squeeze/Unsqueeze: axes attribute (opset 11) and input (13+)', async () => {
    const a = await run1(
      model(
        [
          node('Unsqueeze', ['x'], ['u'], { axes: ints([0, -1]) }),
          node('Squeeze', ['u'], ['y'], { axes: ints([0]) }),
        ],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [2, 3, 1])],
        [],
        11,
      ),
    );
    expect(a.y!.dims).toEqual([2, 3, 1]);
    const b = await run1(
      model(
        [node('Unsqueeze', ['x', 'ax'], ['u']), node('Squeeze', ['u'], ['y'])],
        [io('x', 'float32', [2, 3])],
        [io('y', 'float32', [2, 3])],
        [init('ax', 'int64', [2], [1, 3])],
        21,
      ),
    );
    expect(b.y!.dims).toEqual([2, 3]);
  });

  it('Softmax before opset 13 normalises the flattened trailing block', async () => {
    const g = model(
      [node('Softmax', ['x'], ['y'], { axis: int(0) })],
      [io('x', 'float32', [2, 3])],
      [io('y', 'float32', [2, 3])],
      [],
      11,
    );
    const y = (await run1(g)).y!.data as Float32Array;
    const e = [1, 2, 3, 4, 5, 6].map((v) => Math.exp(v - 6));
    const sum = e.reduce((p, q) => p + q, 0);
    e.forEach((v, i) => expect(y[i]).toBeCloseTo(v / sum, 6));
  });

  it('QuantizeLinear opset 21 output_dtype without a zero point; blocked quantization refused at load', async () => {
    const g = model(
      [node('QuantizeLinear', ['x', 's'], ['y'], { output_dtype: int(3) })],
      [io('x', 'float32', [2, 3])],
      [io('y', 'int8', [2, 3])],
      [init('s', 'float32', [], [0.5])],
      21,
    );
    const y = await run1(g, {
      x: { ...x, data: Float32Array.from([-100, -1.25, -0.75, 0.25, 0.75, 100]) },
    });
    expect(y.y!.dtype).toBe('int8');
    expect(Array.from(y.y!.data as Int8Array)).toEqual([-128, -2, -2, 0, 2, 127]);
    const blocked = model(
      [node('DequantizeLinear', ['q', 's'], ['y'], { block_size: int(2) })],
      [io('q', 'int8', [2, 4])],
      [io('y', 'float32', [2, 4])],
      [init('s', 'float32', [2, 2], [1, 1, 1, 1])],
      21,
    );
    expect(() => createBuiltinSession(blocked, { threads: 1 })).toThrow(
      'blocked quantization (block_size > 0) is not supported',
    );
  });
});
