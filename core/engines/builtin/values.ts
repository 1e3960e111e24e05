import type { DType, Tensor } from '../../model/graph';
import { tensorToArray } from '../../model/tensor';
import {
  float16ToFloat32,
  float32ToFloat16,
  bfloat16ToFloat32,
  float32ToBfloat16,
} from '../../model/small-floats';
import type { HostTensor } from '../engine';

/**
 * How the executor holds a tensor. Every numeric type is a plain number-typed array so op
 * code never mixes number and bigint: int64/uint64 live in Float64Array (exact for every
 * shape, index and id value a model uses, ±2^53), float16/bfloat16 in Float32Array holding
 * values already rounded to the narrow type.
 */
export type NumArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export interface Value {
  dtype: DType;
  dims: number[];
  data: NumArray | string[];
  /** Byte offset in the session's wasm memory, or -1 when the data lives on the JS heap. */
  ptr: number;
}

/**
 * Element types the engine runs. bfloat16 is left out on purpose: no transformer we target
 * uses it on CPU and its Cast rounding changed between ONNX releases (the installed backend
 * tests expect truncation, the current spec rounds to nearest even).
 */
export const SUPPORTED_DTYPES: ReadonlySet<DType> = new Set<DType>([
  'float32',
  'float16',
  'float64',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
]);

/** Bytes per element of the internal representation. */
export function storageSize(dtype: DType): number {
  switch (dtype) {
    case 'float64':
    case 'int64':
    case 'uint64':
      return 8;
    case 'float32':
    case 'float16':
    case 'bfloat16':
    case 'int32':
    case 'uint32':
      return 4;
    case 'int16':
    case 'uint16':
      return 2;
    default:
      return 1;
  }
}

/** A typed view of the internal representation over existing memory. */
export function viewOf(
  dtype: DType,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): NumArray {
  switch (dtype) {
    case 'float32':
    case 'float16':
    case 'bfloat16':
      return new Float32Array(buffer, byteOffset, length);
    case 'float64':
    case 'int64':
    case 'uint64':
      return new Float64Array(buffer, byteOffset, length);
    case 'int32':
      return new Int32Array(buffer, byteOffset, length);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, length);
    case 'int16':
      return new Int16Array(buffer, byteOffset, length);
    case 'uint16':
      return new Uint16Array(buffer, byteOffset, length);
    case 'int8':
      return new Int8Array(buffer, byteOffset, length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer, byteOffset, length);
    default:
      throw new Error(`tensors of type ${dtype} are not supported by the builtin engine`);
  }
}

export function numel(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** Round a number to what the dtype can hold (the conversion a typed-array store would not do). */
export function narrower(dtype: DType): ((x: number) => number) | null {
  switch (dtype) {
    case 'float16':
      return (x) => float16ToFloat32(float32ToFloat16(x));
    case 'bfloat16':
      return (x) => bfloat16ToFloat32(float32ToBfloat16(x));
    case 'int64':
    case 'uint64':
      return (x) => (Number.isFinite(x) ? Math.trunc(x) : 0);
    case 'bool':
      return (x) => (x ? 1 : 0);
    default:
      return null;
  }
}

/** A JS-heap value (constants, folded shapes). */
export function heapValue(
  dtype: DType,
  dims: number[],
  data?: ArrayLike<number> | string[],
): Value {
  if (dtype === 'string')
    return {
      dtype,
      dims,
      data: data ? Array.from(data as string[]) : new Array<string>(numel(dims)).fill(''),
      ptr: -1,
    };
  const size = storageSize(dtype);
  const arr = viewOf(dtype, new ArrayBuffer(numel(dims) * size), 0, numel(dims));
  if (data) {
    const fix = narrower(dtype);
    if (!fix && ArrayBuffer.isView(data)) arr.set(data as never);
    else for (let i = 0; i < arr.length; i++) arr[i] = fix ? fix(Number(data[i])) : Number(data[i]);
  }
  return { dtype, dims, data: arr, ptr: -1 };
}

/** A model constant as a Value (JS heap; copied, since model bytes may be unaligned views). */
export function valueFromTensor(t: Tensor): Value {
  if (!SUPPORTED_DTYPES.has(t.dtype))
    throw new Error(
      `constant ${t.name} has type ${t.dtype}, which the builtin engine does not support`,
    );
  const raw = tensorToArray(t);
  if (t.dtype === 'string')
    return { dtype: 'string', dims: [...t.dims], data: [...(raw as string[])], ptr: -1 };
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]);
    return { dtype: t.dtype, dims: [...t.dims], data: out, ptr: -1 };
  }
  return heapValue(t.dtype, [...t.dims], raw as NumArray);
}

/** Copy a value out to a HostTensor in the dtype's public representation. */
export function toHost(v: Value): HostTensor {
  const dims = [...v.dims];
  const d = v.data;
  if (Array.isArray(d)) return { dtype: v.dtype, dims, data: [...d] };
  switch (v.dtype) {
    case 'int64':
      return {
        dtype: v.dtype,
        dims,
        data: BigInt64Array.from(d as Float64Array, (x) => BigInt(x)),
      };
    case 'uint64':
      return {
        dtype: v.dtype,
        dims,
        data: BigUint64Array.from(d as Float64Array, (x) => BigInt(x)),
      };
    case 'float16':
      return { dtype: v.dtype, dims, data: Uint16Array.from(d as Float32Array, float32ToFloat16) };
    case 'bfloat16':
      return { dtype: v.dtype, dims, data: Uint16Array.from(d as Float32Array, float32ToBfloat16) };
    default: {
      // A fresh non-shared copy: callers keep outputs after the arena is reused.
      const copy = viewOf(v.dtype, new ArrayBuffer(d.length * storageSize(v.dtype)), 0, d.length);
      copy.set(d as never);
      return { dtype: v.dtype, dims, data: copy };
    }
  }
}

/** Numbers of a HostTensor as the internal representation (copied onto the JS heap). */
export function fromHost(h: HostTensor): Value {
  const d = h.data;
  if (Array.isArray(d)) return { dtype: h.dtype, dims: [...h.dims], data: [...d], ptr: -1 };
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    return heapValue(
      h.dtype,
      [...h.dims],
      Float64Array.from(d as BigInt64Array, (x) => Number(x)),
    );
  }
  if ((h.dtype === 'float16' || h.dtype === 'bfloat16') && d instanceof Uint16Array) {
    const conv = h.dtype === 'float16' ? float16ToFloat32 : bfloat16ToFloat32;
    return heapValue(h.dtype, [...h.dims], Float32Array.from(d, conv));
  }
  return heapValue(h.dtype, [...h.dims], d as NumArray);
}
