import { numel } from '../values';
import { broadcastShapes, broadcastStrides, OpError } from './op-util';

/** numpy matmul shapes: 1-D operands promoted, batch dims broadcast. */
export interface MatmulShape {
  M: number;
  K: number;
  N: number;
  batch: number[];
  aBatch: number[];
  bBatch: number[];
  outDims: number[];
}

export function matmulShape(a: number[], b: number[], op = 'MatMul'): MatmulShape {
  if (a.length === 0 || b.length === 0) throw new OpError(`${op}: scalar operands are not allowed`);
  const aD = a.length === 1 ? [1, a[0]!] : a;
  const bD = b.length === 1 ? [b[0]!, 1] : b;
  const M = aD[aD.length - 2]!,
    K = aD[aD.length - 1]!,
    N = bD[bD.length - 1]!;
  if (bD[bD.length - 2] !== K)
    throw new OpError(`${op}: inner dimensions differ: [${a.join(',')}] · [${b.join(',')}]`);
  const aBatch = aD.slice(0, -2),
    bBatch = bD.slice(0, -2);
  const batch = broadcastShapes([aBatch, bBatch]);
  const outDims = [...batch];
  if (a.length > 1) outDims.push(M);
  if (b.length > 1) outDims.push(N);
  return { M, K, N, batch, aBatch, bBatch, outDims };
}

/**
 * Run `body(aOffset, bOffset, outOffset)` (element offsets) for every batch matrix, with
 * numpy broadcasting of the batch dims.
 */
export function forEachBatch(
  s: MatmulShape,
  body: (aOff: number, bOff: number, oOff: number) => void,
): void {
  const aStrides = broadcastStrides(s.aBatch, s.batch);
  const bStrides = broadcastStrides(s.bBatch, s.batch);
  const count = numel(s.batch);
  if (s.batch.length === 0) {
    body(0, 0, 0);
    return;
  }
  const idx = new Array<number>(s.batch.length).fill(0);
  for (let i = 0; i < count; i++) {
    let ai = 0,
      bi = 0;
    for (let d = 0; d < idx.length; d++) {
      ai += idx[d]! * aStrides[d]!;
      bi += idx[d]! * bStrides[d]!;
    }
    body(ai * s.M * s.K, bi * s.K * s.N, i * s.M * s.N);
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < s.batch[d]!) break;
      idx[d] = 0;
    }
  }
}
