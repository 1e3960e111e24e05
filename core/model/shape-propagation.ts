import type { Attribute, Dim, Graph, Node, Tensor } from './graph';
import { elementCount, tensorToArray } from './tensor';

/**
 * A deliberately simple shape propagation for FLOP counting: concrete shapes only, symbolic
 * dims bound to a batch size and a sequence length, and constant folding of the small int
 * vectors that exporters build shapes from (Shape → Gather → Concat → Reshape). Ops it does
 * not know leave their outputs unknown; nothing here throws on odd graphs.
 */
export interface ShapeBinding {
  batch: number;
  seq: number;
}

export interface Propagated {
  shapes: Map<string, number[]>;
  /** Known values of small integer tensors (shape arithmetic). */
  values: Map<string, number[]>;
}

/** Small int tensors worth folding; larger constants are weights, not shape arithmetic. */
const MAX_FOLD = 64;

/** Dim params that name the batch; everything else symbolic is taken as the sequence. */
const BATCH_NAMES = /^(batch|batch_size|batchsize|n|b|bs|batch_dim|unk__0)$/i;

export function bindDim(d: Dim, index: number, bind: ShapeBinding): number {
  if (typeof d === 'number' && d >= 0) return d;
  if (typeof d === 'string') return BATCH_NAMES.test(d) || /batch/i.test(d) ? bind.batch : bind.seq;
  return index === 0 ? bind.batch : bind.seq;
}

function intValues(t: Tensor): number[] | null {
  if (elementCount(t.dims) > MAX_FOLD || t.dims.length > 1) return null;
  if (!/^(int|uint)(8|16|32|64)$/.test(t.dtype)) return null;
  return Array.from(tensorToArray(t) as ArrayLike<number | bigint>, Number);
}

function broadcast(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

function attr(n: Node, name: string): Attribute | undefined {
  return n.attributes[name];
}
function intAttr(n: Node, name: string, dflt: number): number {
  const a = attr(n, name);
  return a?.type === 'int' ? a.value : dflt;
}
function intsAttr(n: Node, name: string): number[] | undefined {
  const a = attr(n, name);
  return a?.type === 'ints' ? a.value : undefined;
}
const norm = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

const UNARY = new Set(
  (
    'Relu Gelu FastGelu BiasGelu QuickGelu Erf Sqrt Tanh Sigmoid Cast CastLike Identity Neg Exp Log Abs Not Softmax ' +
    'LogSoftmax Dropout DequantizeLinear QuantizeLinear DynamicQuantizeLinear Reciprocal Floor Ceil Round Clip LeakyRelu ' +
    'HardSigmoid Elu Selu Softplus Softsign HardSwish Mish Sin Cos IsNaN IsInf Sign LayerNormalization ' +
    'SkipLayerNormalization SimplifiedLayerNormalization SkipSimplifiedLayerNormalization BatchNormalization ' +
    'InstanceNormalization GroupNormalization Trilu'
  ).split(' '),
);
const BINARY = new Set(
  'Add Sub Mul Div Pow Equal Less Greater LessOrEqual GreaterOrEqual And Or Xor Mod Max Min Sum Mean Where BitShift PRelu'.split(
    ' ',
  ),
);

/** numpy.matmul output shape (1-D operands promoted and the extra dim dropped). */
export function matmulShape(a: number[], b: number[]): number[] | null {
  if (a.length === 0 || b.length === 0) return null;
  const aa = a.length === 1 ? [1, a[0]!] : a;
  const bb = b.length === 1 ? [b[0]!, 1] : b;
  if (aa[aa.length - 1] !== bb[bb.length - 2]) return null;
  const batch = broadcast(aa.slice(0, -2), bb.slice(0, -2));
  if (!batch) return null;
  const out = [...batch];
  if (a.length > 1) out.push(aa[aa.length - 2]!);
  if (b.length > 1) out.push(bb[bb.length - 1]!);
  return out;
}

export function propagateShapes(graph: Graph, bind: ShapeBinding): Propagated {
  const shapes = new Map<string, number[]>();
  const values = new Map<string, number[]>();
  for (const [name, t] of graph.initializers) {
    shapes.set(name, t.dims);
    const v = intValues(t);
    if (v) values.set(name, v);
  }
  for (const v of [...graph.inputs, ...graph.valueInfo.values()]) {
    if (v.shape && !shapes.has(v.name))
      shapes.set(
        v.name,
        v.shape.map((d, i) => bindDim(d, i, bind)),
      );
  }
  for (const n of graph.nodes) {
    try {
      inferNode(n, shapes, values);
    } catch {
      // Unknown territory (odd attributes, damaged constants): leave outputs unknown.
    }
  }
  return { shapes, values };
}

function inferNode(n: Node, shapes: Map<string, number[]>, values: Map<string, number[]>): void {
  const s = (i: number): number[] | undefined =>
    n.inputs[i] ? shapes.get(n.inputs[i]!) : undefined;
  const v = (i: number): number[] | undefined =>
    n.inputs[i] ? values.get(n.inputs[i]!) : undefined;
  const out = (shape: number[] | null | undefined, value?: number[] | null, index = 0): void => {
    const name = n.outputs[index];
    if (!name || !shape || shape.some((d) => !Number.isInteger(d) || d < 0)) return;
    shapes.set(name, shape);
    if (value && value.length <= MAX_FOLD && value.length === elementCount(shape))
      values.set(name, value);
  };
  const x = s(0);
  const op = n.domain === '' || n.domain === 'com.microsoft' ? n.opType : '';

  if (UNARY.has(op)) {
    out(x, op === 'Cast' || op === 'Identity' ? v(0) : null);
    // DynamicQuantizeLinear also yields its scale and zero point, both scalars.
    if (op === 'DynamicQuantizeLinear') {
      out([], null, 1);
      out([], null, 2);
    }
    return;
  }
  if (BINARY.has(op)) {
    let shape: number[] | null | undefined = x;
    for (let i = 1; i < n.inputs.length && shape; i++) {
      const si = s(i);
      shape = si ? broadcast(shape, si) : null;
    }
    const a = v(0);
    const b = v(1);
    let value: number[] | null = null;
    if (
      a &&
      b &&
      n.inputs.length === 2 &&
      (a.length === b.length || a.length === 1 || b.length === 1)
    ) {
      const len = Math.max(a.length, b.length);
      const f: Record<string, (p: number, q: number) => number> = {
        Add: (p, q) => p + q,
        Sub: (p, q) => p - q,
        Mul: (p, q) => p * q,
        Div: (p, q) => Math.trunc(p / q),
      };
      const fn = f[op];
      if (fn)
        value = Array.from({ length: len }, (_, i) =>
          fn(a[a.length === 1 ? 0 : i]!, b[b.length === 1 ? 0 : i]!),
        );
    }
    out(shape, value);
    return;
  }
  switch (op) {
    case 'Constant': {
      const a = attr(n, 'value');
      if (a?.type === 'tensor') out(a.value.dims, intValues(a.value));
      const vi = attr(n, 'value_int');
      if (vi?.type === 'int') out([], [vi.value]);
      const vs = attr(n, 'value_ints');
      if (vs?.type === 'ints') out([vs.value.length], vs.value);
      return;
    }
    case 'Shape': {
      if (!x) return;
      const start = norm(intAttr(n, 'start', 0), x.length);
      const endA = attr(n, 'end');
      const end = endA?.type === 'int' ? norm(endA.value, x.length) : x.length;
      const dims = x.slice(Math.max(0, start), Math.min(x.length, end));
      out([dims.length], dims);
      return;
    }
    case 'Size':
      if (x) out([], [elementCount(x)]);
      return;
    case 'MatMul':
    case 'MatMulInteger':
    case 'FusedMatMul': {
      const b = s(1);
      if (x && b) out(matmulShape(x, b));
      return;
    }
    case 'QLinearMatMul': {
      const b = s(3);
      if (x && b) out(matmulShape(x, b));
      return;
    }
    case 'Gemm': {
      const b = s(1);
      if (!x || !b || x.length !== 2 || b.length !== 2) return;
      const m = intAttr(n, 'transA', 0) ? x[1]! : x[0]!;
      const nn = intAttr(n, 'transB', 0) ? b[0]! : b[1]!;
      out([m, nn]);
      return;
    }
    case 'Transpose': {
      if (!x) return;
      const perm = intsAttr(n, 'perm') ?? x.map((_, i) => x.length - 1 - i);
      out(perm.map((p) => x[p]!));
      return;
    }
    case 'Reshape': {
      const target = v(1);
      if (!x || !target) return;
      const allowZero = intAttr(n, 'allowzero', 0) === 1;
      const dims = target.map((d, i) => (d === 0 && !allowZero ? x[i]! : d));
      const known = dims.reduce((p, d) => (d === -1 ? p : p * d), 1);
      const total = elementCount(x);
      out(
        dims.map((d) => (d === -1 ? (known ? total / known : 0) : d)),
        v(0),
      );
      return;
    }
    case 'Flatten': {
      if (!x) return;
      const axis = norm(intAttr(n, 'axis', 1), x.length);
      out([elementCount(x.slice(0, axis)), elementCount(x.slice(axis))]);
      return;
    }
    case 'Unsqueeze': {
      const axes = intsAttr(n, 'axes') ?? v(1);
      if (!x || !axes) return;
      const rank = x.length + axes.length;
      const set = new Set(axes.map((a) => norm(a, rank)));
      const shape: number[] = [];
      let j = 0;
      for (let i = 0; i < rank; i++) shape.push(set.has(i) ? 1 : x[j++]!);
      out(shape, v(0));
      return;
    }
    case 'Squeeze': {
      if (!x) return;
      const axes = intsAttr(n, 'axes') ?? v(1);
      const set = new Set(
        (axes ?? x.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => norm(a, x.length)),
      );
      out(
        x.filter((_, i) => !set.has(i)),
        v(0),
      );
      return;
    }
    case 'Concat': {
      const all = n.inputs.map((_, i) => s(i));
      if (all.some((a) => !a) || !x) return;
      const axis = norm(intAttr(n, 'axis', 0), x.length);
      const shape = [...x];
      shape[axis] = all.reduce((p, a) => p + a![axis]!, 0);
      const vals = n.inputs.map((_, i) => v(i));
      out(shape, vals.every((a) => a) && x.length === 1 ? (vals.flat() as number[]) : null);
      return;
    }
    case 'Gather': {
      const idx = s(1);
      if (!x || !idx) return;
      const axis = norm(intAttr(n, 'axis', 0), x.length);
      const data = v(0);
      const iv = v(1);
      const value =
        data && iv && x.length === 1 ? iv.map((i) => data[i < 0 ? i + data.length : i]!) : null;
      out([...x.slice(0, axis), ...idx, ...x.slice(axis + 1)], value);
      return;
    }
    case 'Slice': {
      const starts = v(1) ?? intsAttr(n, 'starts');
      const ends = v(2) ?? intsAttr(n, 'ends');
      if (!x || !starts || !ends) return;
      const axes = (n.inputs.length > 3 ? v(3) : intsAttr(n, 'axes')) ?? starts.map((_, i) => i);
      const steps = (n.inputs.length > 4 ? v(4) : undefined) ?? starts.map(() => 1);
      const shape = [...x];
      const data = v(0);
      let value: number[] | null = null;
      axes.forEach((a, k) => {
        const ax = norm(a, x.length);
        const dim = x[ax]!;
        const step = steps[k] ?? 1;
        const clamp = (p: number, lo: number, hi: number): number =>
          Math.min(Math.max(p < 0 ? p + dim : p, lo), hi);
        const st = step > 0 ? clamp(starts[k]!, 0, dim) : clamp(starts[k]!, -1, dim - 1);
        const en = step > 0 ? clamp(ends[k]!, 0, dim) : clamp(ends[k]!, -1, dim - 1);
        shape[ax] = Math.max(0, Math.ceil((en - st) / step));
        if (data && x.length === 1 && step > 0)
          value = data.slice(st, en).filter((_, i) => i % step === 0);
      });
      out(shape, value);
      return;
    }
    case 'Split': {
      if (!x) return;
      const axis = norm(intAttr(n, 'axis', 0), x.length);
      const sizes = v(1) ?? intsAttr(n, 'split');
      const parts = sizes ?? n.outputs.map(() => x[axis]! / n.outputs.length);
      parts.forEach((p, i) =>
        out(
          x.map((d, j) => (j === axis ? p : d)),
          null,
          i,
        ),
      );
      return;
    }
    case 'ReduceMean':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin':
    case 'ReduceProd':
    case 'ReduceL2': {
      if (!x) return;
      const axes = intsAttr(n, 'axes') ?? v(1) ?? x.map((_, i) => i);
      const set = new Set(axes.map((a) => norm(a, x.length)));
      const keep = intAttr(n, 'keepdims', 1) === 1;
      out(keep ? x.map((d, i) => (set.has(i) ? 1 : d)) : x.filter((_, i) => !set.has(i)));
      return;
    }
    case 'Expand': {
      const target = v(1);
      if (x && target) out(broadcast(x, target));
      return;
    }
    case 'ConstantOfShape': {
      const target = v(0);
      if (target) out(target);
      return;
    }
    case 'Range': {
      const [a, b, c] = [v(0), v(1), v(2)];
      if (a && b && c && c[0]) out([Math.max(0, Math.ceil((b[0]! - a[0]!) / c[0]))]);
      return;
    }
    case 'EmbedLayerNormalization':
      return;
    default:
      return;
  }
}
