import type { Runtime } from '../runtime';
import { storageSize, type NumArray, type Value } from '../values';

type Raw = Uint8Array | Uint16Array | Int32Array | Float64Array;

/**
 * Same bytes, viewed by element size only: the copy loop then sees at most four array
 * kinds (a polymorphic, not megamorphic, site) whatever the dtype.
 */
function raw(a: NumArray, size: number): Raw {
  switch (size) {
    case 8:
      return new Float64Array(a.buffer, a.byteOffset, a.length);
    case 4:
      return new Int32Array(a.buffer, a.byteOffset, a.length);
    case 2:
      return new Uint16Array(a.buffer, a.byteOffset, a.length);
    default:
      return new Uint8Array(a.buffer, a.byteOffset, a.length);
  }
}

/**
 * out[i0, i1, …] = src[start + Σ ik·strides[k]] over out's shape in row-major order: one
 * loop for Slice, Transpose, Split and Expand (stride 0 repeats). The last axis runs tight.
 */
export function copyStrided(
  rt: Runtime,
  src: Value,
  out: Value,
  start: number,
  strides: number[],
): void {
  if (Array.isArray(src.data) || Array.isArray(out.data)) {
    copyLoop(src.data as string[], out.data as string[], out.dims, start, strides);
    return;
  }
  const size = storageSize(src.dtype);
  const rank = out.dims.length;
  if (size === 4 && rank <= 4 && out.ptr >= 0 && out.data.length > 0) {
    // Floats and int32 (the activations): the wasm loop over up to four axes.
    const pad = 4 - rank;
    const d = [...new Array<number>(pad).fill(1), ...out.dims];
    const st = [...new Array<number>(pad).fill(0), ...strides];
    rt.k.copyStrided32(
      rt.ptr(src) + start * 4,
      out.ptr,
      d[0]!,
      d[1]!,
      d[2]!,
      d[3]!,
      st[0]!,
      st[1]!,
      st[2]!,
      st[3]!,
    );
    return;
  }
  copyLoop(raw(src.data, size), raw(out.data, size), out.dims, start, strides);
}

function copyLoop<T extends Raw | string[]>(
  S: T,
  O: T,
  dims: number[],
  start: number,
  strides: number[],
): void {
  const total = O.length;
  if (total === 0) return;
  const rank = dims.length;
  if (rank === 0) {
    O[0] = S[start]!;
    return;
  }
  const last = dims[rank - 1]!;
  const ls = strides[rank - 1]!;
  const counter = new Array<number>(rank).fill(0);
  let base = start;
  const typed = !Array.isArray(O);
  for (let o = 0; o < total; o += last) {
    if (ls === 1 && typed) (O as Raw).set((S as Raw).subarray(base, base + last) as never, o);
    else for (let j = 0; j < last; j++) O[o + j] = S[base + j * ls]!;
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]!++;
      base += strides[ax]!;
      if (counter[ax]! < dims[ax]!) break;
      base -= strides[ax]! * dims[ax]!;
      counter[ax] = 0;
    }
  }
}
