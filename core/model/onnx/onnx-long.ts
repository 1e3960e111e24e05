import type { Int64 } from './onnx-schema';

/**
 * protobufjs hands int64 fields back as long.js Longs (or plain numbers). ONNX int64s we use
 * (dims, versions, attribute ints) fit in a double; larger values lose precision like any JS
 * number would, which is acceptable for attributes such as INT64_MAX sentinels in Slice.
 */
export function toNumber(v: Int64 | null | undefined): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (v.unsigned) return (v.high >>> 0) * 4294967296 + (v.low >>> 0);
  return v.high * 4294967296 + (v.low >>> 0);
}

/** Exact 64-bit value (for int64/uint64 tensor elements). */
export function toBigInt(v: Int64, unsigned: boolean): bigint {
  if (typeof v === 'number')
    return unsigned ? BigInt.asUintN(64, BigInt(Math.trunc(v))) : BigInt(Math.trunc(v));
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return unsigned ? bits : BigInt.asIntN(64, bits);
}
