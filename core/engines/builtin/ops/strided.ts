import type { NumArray, Value } from '../values';

/**
 * out[i0, i1, …] = src[start + Σ ik·strides[k]] over out's shape in row-major order: one
 * loop for Slice, Transpose and Expand (stride 0 repeats). The last axis runs tight.
 */
export function copyStrided(src: Value, out: Value, start: number, strides: number[]): void {
  const dims = out.dims;
  const S = src.data as NumArray | string[];
  const O = out.data as NumArray | string[];
  const total = O.length;
  if (total === 0) return;
  const rank = dims.length;
  if (rank === 0) {
    (O as unknown[])[0] = S[start];
    return;
  }
  const last = dims[rank - 1]!;
  const ls = strides[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let base = start;
  for (let o = 0; o < total; o += last) {
    if (ls === 1 && !Array.isArray(O)) (O as NumArray).set((S as NumArray).subarray(base, base + last) as never, o);
    else for (let j = 0; j < last; j++) (O as unknown[])[o + j] = S[base + j * ls];
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]!++;
      base += strides[ax]!;
      if (counter[ax]! < dims[ax]!) break;
      base -= strides[ax]! * dims[ax]!;
      counter[ax] = 0;
    }
  }
}
