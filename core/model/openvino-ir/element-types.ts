import type { DType } from '../graph';
import { tensorByteLength } from '../tensor';

/**
 * OpenVINO element types (`element_type="f32"` in v10/v11 `<data>`) and the older port
 * `precision="FP32"` spellings, mapped onto graph.ts DTypes. Keys are lower case; both
 * spellings are folded here so callers need not know which form a file used.
 */
const TO_DTYPE: Record<string, DType> = {
  f32: 'float32',
  fp32: 'float32',
  f16: 'float16',
  fp16: 'float16',
  bf16: 'bfloat16',
  f64: 'float64',
  fp64: 'float64',
  i8: 'int8',
  u8: 'uint8',
  i16: 'int16',
  u16: 'uint16',
  i32: 'int32',
  u32: 'uint32',
  i64: 'int64',
  u64: 'uint64',
  boolean: 'bool',
  bool: 'bool',
  // OpenVINO packs 4-bit elements two per byte, first element in the low nibble — the same
  // layout ONNX uses, so the bytes pass through untouched.
  u4: 'uint4',
  i4: 'int4',
  // OpenVINO's f8e4m3 is the OCP "FN" variant (no infinities, one NaN pattern).
  f8e4m3: 'float8e4m3fn',
  f8e5m2: 'float8e5m2',
  string: 'string',
};

/** Types that say "not known here" rather than naming a type. */
const UNKNOWN = new Set(['dynamic', 'undefined', 'unspecified', '']);

/** Real OpenVINO types graph.ts cannot represent; named so the refusal is specific. */
const UNSUPPORTED = new Set(['u1', 'bin', 'u2', 'u3', 'u6', 'nf4', 'f4e2m1', 'f8e8m0']);

export type ElementTypeResult = { ok: true; dtype: DType | null } | { ok: false; reason: string };

/** Map an element_type or precision string; `dtype: null` for dynamic/undefined types. */
export function toDType(name: string): ElementTypeResult {
  const key = name.trim().toLowerCase();
  if (UNKNOWN.has(key)) return { ok: true, dtype: null };
  if (Object.hasOwn(TO_DTYPE, key)) return { ok: true, dtype: TO_DTYPE[key] };
  if (UNSUPPORTED.has(key)) {
    return {
      ok: false,
      reason: `element type "${name}" is not supported by SparseScope's graph model`,
    };
  }
  return { ok: false, reason: `unknown element type ${JSON.stringify(name)}` };
}

/** The accepted names, for "expected one of …" messages. */
export const KNOWN_ELEMENT_TYPES =
  'f32, f16, bf16, f64, i8, u8, i16, u16, i32, u32, i64, u64, boolean, u4, i4, f8e4m3, f8e5m2';

/** Bytes needed to store `count` packed elements, or null for types without a fixed width. */
export function packedByteSize(dtype: DType, count: number): number | null {
  // Strings have no fixed width in a .bin; every other type packs as the graph model does.
  return dtype === 'string' ? null : tensorByteLength(dtype, count);
}
