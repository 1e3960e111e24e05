import type {
  Attribute,
  DType,
  GraphModel,
  Node,
  Tensor,
  ValueInfo,
} from '../../../core/model/graph';
import { tensorFromArray } from '../../../core/model/tensor';

let counter = 0;

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, Attribute> = {},
  name?: string,
): Node {
  const id = name ?? `${opType}_${counter++}`;
  return { id, name: id, opType, domain: '', attributes, inputs, outputs };
}

export function io(name: string, dtype: DType, shape: (number | string)[]): ValueInfo {
  return { name, dtype, shape };
}

export function init(
  name: string,
  dtype: DType,
  dims: number[],
  data: ArrayLike<number> | ArrayLike<bigint>,
): Tensor {
  return tensorFromArray(name, dtype, dims, data);
}

export function model(
  nodes: Node[],
  inputs: ValueInfo[],
  outputs: ValueInfo[],
  initializers: Tensor[] = [],
  opset = 17,
): GraphModel {
  return {
    format: 'onnx',
    path: null,
    producer: 'test',
    producerVersion: '0',
    irVersion: 8,
    opsets: { '': opset },
    metadata: {},
    graph: {
      name: 'g',
      nodes,
      inputs,
      outputs,
      valueInfo: new Map(),
      initializers: new Map(initializers.map((t) => [t.name, t])),
    },
  };
}

/** Deterministic values in [-1, 1). */
export function rand(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Zero the smallest-magnitude fraction of w (unstructured pruning). */
export function prune(w: Float32Array, sparsity: number): Float32Array {
  const order = Array.from(w.keys()).sort((a, b) => Math.abs(w[a]!) - Math.abs(w[b]!));
  const out = Float32Array.from(w);
  for (let i = 0; i < Math.round(sparsity * w.length); i++) out[order[i]!] = 0;
  return out;
}

/** C = A·B in float64, A: M×K, B: K×N. */
export function refMatmul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  M: number,
  K: number,
  N: number,
): Float64Array {
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++)
    for (let k = 0; k < K; k++) {
      const x = a[m * K + k]!;
      if (x === 0) continue;
      for (let n = 0; n < N; n++) c[m * N + n]! += x * b[k * N + n]!;
    }
  return c;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
