import type { Node } from '../../../model/graph';
import type { NumArray, Value } from '../values';

/** A failure caused by the model or its inputs; the executor names the node around it. */
export class OpError extends Error {
  override name = 'OpError';
}

export function attrInt(node: Node, name: string, dflt: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? a.value : dflt;
}

export function attrFloat(node: Node, name: string, dflt: number): number {
  const a = node.attributes[name];
  if (!a) return dflt;
  if (a.type === 'float' || a.type === 'int') return a.value;
  return dflt;
}

export function attrInts(node: Node, name: string): number[] | undefined {
  const a = node.attributes[name];
  if (!a) return undefined;
  if (a.type === 'ints') return a.value;
  if (a.type === 'int') return [a.value];
  return undefined;
}

export function attrString(node: Node, name: string, dflt: string): string {
  const a = node.attributes[name];
  return a && a.type === 'string' ? a.value : dflt;
}

export function nums(v: Value): NumArray {
  if (Array.isArray(v.data)) throw new OpError(`expected a numeric tensor, got ${v.dtype}`);
  return v.data as NumArray;
}

/** A small integer tensor (shape, axes, indices) as plain numbers. */
export function ints(v: Value): number[] {
  return Array.from(nums(v), (x) => Math.trunc(Number(x)));
}

export function normAxis(axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new OpError(`${what} ${axis} is out of range for rank ${rank}`);
  return a;
}

export function need(v: Value | undefined, what: string): Value {
  if (!v) throw new OpError(`missing input ${what}`);
  return v;
}

/** numpy-style broadcast of several shapes. */
export function broadcastShapes(shapes: number[][]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else
        throw new OpError(
          `shapes [${shapes.map((x) => x.join(',')).join('] and [')}] cannot be broadcast together`,
        );
    }
  }
  return out;
}

/** Element strides of `shape` seen through a broadcast to `out` (0 on broadcast axes). */
export function broadcastStrides(shape: number[], out: number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = out.length - shape.length + i;
    strides[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

export function stridesOf(dims: number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= dims[i]!;
  }
  return s;
}

/**
 * For every element of `out`, the flat index into each input under broadcasting. Calls
 * fn(outIndex, idx0, idx1, idx2) in row-major order; the last axis runs in a tight loop.
 */
export function forEachBroadcast(
  out: number[],
  shapes: number[][],
  fn: (o: number, i0: number, i1: number, i2: number) => void,
): void {
  const rank = out.length;
  const st = shapes.map((s) => broadcastStrides(s, out));
  while (st.length < 3) st.push(new Array<number>(rank).fill(0));
  const total = out.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  if (rank === 0) {
    fn(0, 0, 0, 0);
    return;
  }
  const last = out[rank - 1]!;
  const s0 = st[0]!,
    s1 = st[1]!,
    s2 = st[2]!;
  const l0 = s0[rank - 1]!,
    l1 = s1[rank - 1]!,
    l2 = s2[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let b0 = 0,
    b1 = 0,
    b2 = 0;
  for (let o = 0; o < total; o += last) {
    for (let j = 0; j < last; j++) fn(o + j, b0 + j * l0, b1 + j * l1, b2 + j * l2);
    // Advance the outer counters (all axes but the last).
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]!++;
      b0 += s0[ax]!;
      b1 += s1[ax]!;
      b2 += s2[ax]!;
      if (counter[ax]! < out[ax]!) break;
      b0 -= s0[ax]! * out[ax]!;
      b1 -= s1[ax]! * out[ax]!;
      b2 -= s2[ax]! * out[ax]!;
      counter[ax] = 0;
    }
  }
}

export function sameDims(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
