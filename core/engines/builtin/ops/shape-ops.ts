import type { Attribute, DType } from '../../../model/graph';
import { heapValue, numel, valueFromTensor, type NumArray, type Value } from '../values';
import type { OpFactory } from './op-types';
import { attrInt, attrInts, broadcastShapes, ints, need, normAxis, OpError } from './op-util';
import { copyStrided } from './strided';

/** Ops that only compute shapes or reinterpret storage (no element moves except Expand). */

const shape: OpFactory = (env) => {
  const startAttr = attrInt(env.node, 'start', 0);
  const endAttr = env.node.attributes.end ? attrInt(env.node, 'end', 0) : undefined;
  return {
    run(rt, [x]) {
      const dims = need(x, 'data').dims;
      const r = dims.length;
      const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
      const s = clamp(startAttr);
      const e = endAttr === undefined ? r : clamp(endAttr);
      const part = dims.slice(s, Math.max(s, e));
      const out = rt.alloc('int64', [part.length]);
      (out.data as Float64Array).set(part);
      return [out];
    },
  };
};

const reshape: OpFactory = (env) => {
  const allowzero = attrInt(env.node, 'allowzero', 0) === 1;
  return {
    run(rt, [x, s]) {
      const data = need(x, 'data');
      const spec = env.opset < 5 ? (attrInts(env.node, 'shape') ?? []) : ints(need(s, 'shape'));
      const dims = spec.map((d, i) => (d === 0 && !allowzero ? (data.dims[i] ?? 0) : d));
      const total = numel(data.dims);
      const minus = dims.filter((d) => d === -1).length;
      if (minus > 1) throw new OpError(`Reshape: more than one -1 in shape [${spec.join(',')}]`);
      if (minus === 1) {
        const known = dims.reduce((a, d) => (d === -1 ? a : a * d), 1);
        if (known === 0 || total % known !== 0)
          throw new OpError(
            `Reshape: cannot infer -1 in [${spec.join(',')}] from [${data.dims.join(',')}]`,
          );
        dims[dims.indexOf(-1)] = total / known;
      }
      if (numel(dims) !== total || dims.some((d) => d < 0)) {
        throw new OpError(
          `Reshape: cannot reshape [${data.dims.join(',')}] to [${spec.join(',')}]`,
        );
      }
      return [rt.alias(data, dims)];
    },
  };
};

const flatten: OpFactory = (env) => ({
  run(rt, [x]) {
    const data = need(x, 'input');
    const r = data.dims.length;
    let axis = attrInt(env.node, 'axis', 1);
    if (axis < 0) axis += r;
    if (axis < 0 || axis > r)
      throw new OpError(`Flatten: axis ${attrInt(env.node, 'axis', 1)} out of range for rank ${r}`);
    return [rt.alias(data, [numel(data.dims.slice(0, axis)), numel(data.dims.slice(axis))])];
  },
});

function axesOf(
  env: Parameters<OpFactory>[0],
  input: Value | undefined,
  fromInputSince: number,
): number[] | undefined {
  if (env.opset >= fromInputSince) return input ? ints(input) : undefined;
  return attrInts(env.node, 'axes');
}

const squeeze: OpFactory = (env) => ({
  run(rt, [x, a]) {
    const data = need(x, 'data');
    const r = data.dims.length;
    const axes = axesOf(env, a, 13);
    let keep: number[];
    if (!axes || axes.length === 0) keep = data.dims.filter((d) => d !== 1);
    else {
      const drop = new Set(axes.map((ax) => normAxis(ax, r)));
      for (const ax of drop)
        if (data.dims[ax] !== 1)
          throw new OpError(`Squeeze: axis ${ax} has size ${data.dims[ax]}, not 1`);
      keep = data.dims.filter((_, i) => !drop.has(i));
    }
    return [rt.alias(data, keep)];
  },
});

const unsqueeze: OpFactory = (env) => ({
  run(rt, [x, a]) {
    const data = need(x, 'data');
    const axes = axesOf(env, a, 13);
    if (!axes) throw new OpError('Unsqueeze: axes missing');
    const r = data.dims.length + axes.length;
    const set = new Set(axes.map((ax) => normAxis(ax, r)));
    if (set.size !== axes.length)
      throw new OpError(`Unsqueeze: repeated axis in [${axes.join(',')}]`);
    const dims: number[] = [];
    let j = 0;
    for (let i = 0; i < r; i++) dims.push(set.has(i) ? 1 : data.dims[j++]!);
    return [rt.alias(data, dims)];
  },
});

const identity: OpFactory = () => ({
  run: (rt, [x]) => [rt.alias(need(x, 'input'), need(x, 'input').dims)],
});

/** The value of a Constant node's attribute. */
export function constantAttribute(attrs: Record<string, Attribute>): Value {
  const [name, a] = Object.entries(attrs)[0] ?? [];
  if (!a) throw new OpError('Constant without a value attribute');
  switch (a.type) {
    case 'tensor':
      return valueFromTensor(a.value);
    case 'float':
      return heapValue('float32', [], [a.value]);
    case 'floats':
      return heapValue('float32', [a.value.length], a.value);
    case 'int':
      return heapValue('int64', [], [a.value]);
    case 'ints':
      return heapValue('int64', [a.value.length], a.value);
    case 'string':
      return heapValue('string', [], [a.value]);
    case 'strings':
      return heapValue('string', [a.value.length], a.value);
    default:
      throw new OpError(`Constant attribute ${name} of type ${a.type} is not supported`);
  }
}

const constant: OpFactory = (env) => {
  const v = constantAttribute(env.node.attributes);
  return { run: () => [v] };
};

const constantOfShape: OpFactory = (env) => {
  const a = env.node.attributes.value;
  const fill = a && a.type === 'tensor' ? valueFromTensor(a.value) : heapValue('float32', [1], [0]);
  return {
    run(rt, [s]) {
      const dims = ints(need(s, 'input'));
      if (dims.some((d) => d < 0))
        throw new OpError(`ConstantOfShape: negative dimension in [${dims.join(',')}]`);
      const out = rt.alloc(fill.dtype, dims);
      (out.data as NumArray).fill((fill.data as NumArray)[0] ?? 0);
      return [out];
    },
  };
};

const range: OpFactory = () => ({
  run(rt, [s, l, d]) {
    const start = need(s, 'start'),
      limit = need(l, 'limit'),
      delta = need(d, 'delta');
    const a = Number((start.data as NumArray)[0]),
      b = Number((limit.data as NumArray)[0]),
      step = Number((delta.data as NumArray)[0]);
    if (step === 0) throw new OpError('Range: delta is 0');
    const n = Math.max(Math.ceil((b - a) / step), 0);
    const out = rt.alloc(start.dtype as DType, [n]);
    const O = out.data as NumArray;
    for (let i = 0; i < n; i++) O[i] = a + i * step;
    return [out];
  },
});

const expand: OpFactory = () => ({
  run(rt, [x, s]) {
    const data = need(x, 'input');
    const dims = broadcastShapes([data.dims, ints(need(s, 'shape'))]);
    const out = rt.alloc(data.dtype, dims);
    const strides = new Array<number>(dims.length).fill(0);
    let acc = 1;
    for (let i = data.dims.length - 1; i >= 0; i--) {
      const o = dims.length - data.dims.length + i;
      strides[o] = data.dims[i] === 1 ? 0 : acc;
      acc *= data.dims[i]!;
    }
    copyStrided(rt, data, out, 0, strides);
    return [out];
  },
});

export const SHAPE_OPS: Record<string, OpFactory> = {
  Shape: shape,
  Reshape: reshape,
  Flatten: flatten,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Identity: identity,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Range: range,
  Expand: expand,
};
