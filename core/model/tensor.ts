import type { DType, Tensor } from './graph';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
  float8ToFloat32,
} from './small-floats';

/**
 * Tensor helpers shared by importers, writers, engines and stats. Byte layout is always
 * little-endian (every platform Node ships for is little-endian; typed arrays use host order).
 */

/** ONNX TensorProto.DataType number → DType. */
export const ONNX_DTYPES: Readonly<Record<number, DType>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
};

/** DType → ONNX TensorProto.DataType number. */
export const DTYPE_TO_ONNX: Readonly<Record<DType, number>> = Object.fromEntries(
  Object.entries(ONNX_DTYPES).map(([k, v]) => [v, Number(k)]),
) as Record<DType, number>;

export function dtypeFromOnnx(code: number): DType | null {
  return ONNX_DTYPES[code] ?? null;
}

const BITS: Readonly<Record<DType, number>> = {
  float32: 32,
  float16: 16,
  bfloat16: 16,
  float64: 64,
  int8: 8,
  uint8: 8,
  int16: 16,
  uint16: 16,
  int32: 32,
  uint32: 32,
  int64: 64,
  uint64: 64,
  bool: 8,
  string: 0,
  complex64: 64,
  complex128: 128,
  float8e4m3fn: 8,
  float8e4m3fnuz: 8,
  float8e5m2: 8,
  float8e5m2fnuz: 8,
  uint4: 4,
  int4: 4,
};

/** Bytes per element: 0.5 for 4-bit types, 0 for strings (variable length). */
export function dtypeByteSize(dtype: DType): number {
  return BITS[dtype] / 8;
}

/** Packed byte length of `elements` values (4-bit types round up to whole bytes). */
export function tensorByteLength(dtype: DType, elements: number): number {
  return Math.ceil((elements * BITS[dtype]) / 8);
}

/** Number of elements for dims ([] = scalar = 1). */
export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/** A tensor on the host side of an engine: what feeds and outputs are made of. */
export interface HostTensor {
  dtype: DType;
  dims: number[];
  data: TensorArray;
}

export type TensorArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | string[];

/** A Tensor over bytes already in memory (a view is kept, nothing is copied). */
export function tensorFromBytes(
  name: string,
  dtype: DType,
  dims: number[],
  bytes: Uint8Array,
): Tensor {
  return { name, dtype, dims, bytes: () => bytes, location: { kind: 'inline' } };
}

/**
 * Build a tensor from JS data (copied). float16/bfloat16 take numbers (Float32Array, number[])
 * or raw bits (Uint16Array); float8 takes raw bits (Uint8Array); int4/uint4 take one value per
 * element and are packed; int64/uint64 take BigInt arrays or numbers; complex takes 2 reals
 * per element.
 */
export function tensorFromArray(
  name: string,
  dtype: DType,
  dims: number[],
  data: ArrayLike<number> | ArrayLike<bigint> | string[],
): Tensor {
  const n = elementCount(dims);
  if (dtype === 'string') {
    const strings = Array.from(data as ArrayLike<string>, String);
    if (strings.length !== n)
      throw new Error(`tensor ${name}: ${strings.length} strings for dims [${dims.join(',')}]`);
    return {
      name,
      dtype,
      dims,
      bytes: () => new Uint8Array(0),
      strings: () => strings,
      location: { kind: 'inline' },
    };
  }
  const expected = dtype === 'complex64' || dtype === 'complex128' ? 2 * n : n;
  if (data.length !== expected) {
    throw new Error(
      `tensor ${name}: ${data.length} values for dims [${dims.join(',')}] (${expected} expected)`,
    );
  }
  const bytes = new Uint8Array(tensorByteLength(dtype, n));
  const buf = bytes.buffer;
  const num = (i: number): number => Number((data as ArrayLike<number | bigint>)[i]);
  switch (dtype) {
    case 'float32':
    case 'complex64':
      new Float32Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'float64':
    case 'complex128':
      new Float64Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'float16':
    case 'bfloat16': {
      const out = new Uint16Array(buf);
      if (data instanceof Uint16Array) out.set(data);
      else {
        const conv = dtype === 'float16' ? float32ToFloat16 : float32ToBfloat16;
        for (let i = 0; i < n; i++) out[i] = conv(num(i));
      }
      break;
    }
    case 'int8':
      new Int8Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'uint8':
    case 'bool':
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz':
      for (let i = 0; i < n; i++) bytes[i] = dtype === 'bool' ? (num(i) ? 1 : 0) : num(i);
      break;
    case 'int16':
      new Int16Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'uint16':
      new Uint16Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'int32':
      new Int32Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'uint32':
      new Uint32Array(buf).set(Array.from(data as ArrayLike<number>, Number));
      break;
    case 'int64': {
      const out = new BigInt64Array(buf);
      for (let i = 0; i < n; i++)
        out[i] = BigInt.asIntN(64, BigInt((data as ArrayLike<number | bigint>)[i]!));
      break;
    }
    case 'uint64': {
      const out = new BigUint64Array(buf);
      for (let i = 0; i < n; i++)
        out[i] = BigInt.asUintN(64, BigInt((data as ArrayLike<number | bigint>)[i]!));
      break;
    }
    case 'int4':
    case 'uint4':
      // First element in the low nibble, as ONNX packs them.
      for (let i = 0; i < n; i++) bytes[i >> 1]! |= (num(i) & 0xf) << ((i & 1) * 4);
      break;
  }
  return tensorFromBytes(name, dtype, dims, bytes);
}

/** A typed view when the bytes are aligned, else an aligned copy. */
function typed<T>(
  bytes: Uint8Array,
  size: number,
  make: (b: ArrayBuffer, off: number, len: number) => T,
): T {
  const len = Math.floor(bytes.byteLength / size);
  if (bytes.byteOffset % size === 0 && bytes.buffer instanceof ArrayBuffer) {
    return make(bytes.buffer, bytes.byteOffset, len);
  }
  // Uint8Array's slice copies; Buffer's (the file bytes usually are Buffers) would not.
  const copy = Uint8Array.prototype.slice.call(bytes, 0, len * size);
  return make(copy.buffer, 0, len);
}

/**
 * Elements as the natural JS array: Float32Array for float32 and for the narrow floats
 * (float16, bfloat16, float8 — converted), BigInt64Array for int64, Uint8Array for bool,
 * Int8Array/Uint8Array (one value per element) for int4/uint4, interleaved re/im for
 * complex. May be a view onto the model's bytes: do not mutate it.
 */
export function tensorToArray(t: Tensor): TensorArray {
  if (t.dtype === 'string') return t.strings ? t.strings() : [];
  const bytes = t.bytes();
  const n = elementCount(t.dims);
  switch (t.dtype) {
    case 'float32':
    case 'complex64':
      return typed(bytes, 4, (b, o, l) => new Float32Array(b, o, l));
    case 'float64':
    case 'complex128':
      return typed(bytes, 8, (b, o, l) => new Float64Array(b, o, l));
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    case 'uint8':
    case 'bool':
      return bytes;
    case 'int16':
      return typed(bytes, 2, (b, o, l) => new Int16Array(b, o, l));
    case 'uint16':
      return typed(bytes, 2, (b, o, l) => new Uint16Array(b, o, l));
    case 'int32':
      return typed(bytes, 4, (b, o, l) => new Int32Array(b, o, l));
    case 'uint32':
      return typed(bytes, 4, (b, o, l) => new Uint32Array(b, o, l));
    case 'int64':
      return typed(bytes, 8, (b, o, l) => new BigInt64Array(b, o, l));
    case 'uint64':
      return typed(bytes, 8, (b, o, l) => new BigUint64Array(b, o, l));
    case 'float16':
    case 'bfloat16': {
      const bits = typed(bytes, 2, (b, o, l) => new Uint16Array(b, o, l));
      const conv = t.dtype === 'float16' ? float16ToFloat32 : bfloat16ToFloat32;
      const out = new Float32Array(bits.length);
      for (let i = 0; i < bits.length; i++) out[i] = conv(bits[i]!);
      return out;
    }
    case 'float8e4m3fn':
    case 'float8e4m3fnuz':
    case 'float8e5m2':
    case 'float8e5m2fnuz': {
      // A 256-entry table makes large float8 weights cheap to widen.
      const table = new Float32Array(256);
      for (let i = 0; i < 256; i++) table[i] = float8ToFloat32(i, t.dtype);
      const out = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
      return out;
    }
    case 'int4':
    case 'uint4': {
      const signed = t.dtype === 'int4';
      const out = signed ? new Int8Array(n) : new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const nib = ((bytes[i >> 1] ?? 0) >> ((i & 1) * 4)) & 0xf;
        out[i] = signed && nib & 8 ? nib - 16 : nib;
      }
      return out;
    }
  }
}
