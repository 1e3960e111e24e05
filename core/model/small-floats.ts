/**
 * Bit-level conversions for the narrow float types ONNX stores as integers
 * (float16, bfloat16, the four float8 flavours). JS has no native type for them.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Round-to-nearest-even float32 → float16 bits. */
export function float32ToFloat16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit bit in and round.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  let r = mant >> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) {
    r++;
    if (r === 0x400) {
      r = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | r;
}

export function bfloat16ToFloat32(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0]!;
}

/** Round-to-nearest-even float32 → bfloat16 bits (NaN stays NaN). */
export function float32ToBfloat16(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  if (Number.isNaN(value)) return ((x >>> 16) | 0x40) & 0xffff;
  const lsb = (x >>> 16) & 1;
  return ((x + 0x7fff + lsb) >>> 16) & 0xffff;
}

type F8 = 'float8e4m3fn' | 'float8e4m3fnuz' | 'float8e5m2' | 'float8e5m2fnuz';

/** Decode one float8 byte per the ONNX float8 spec (FN = finite, UZ = unsigned zero). */
export function float8ToFloat32(bits: number, kind: F8): number {
  const e4 = kind === 'float8e4m3fn' || kind === 'float8e4m3fnuz';
  const uz = kind.endsWith('uz');
  const mBits = e4 ? 3 : 2;
  const eBits = e4 ? 4 : 5;
  const bias = (e4 ? 7 : 15) + (uz ? 1 : 0);
  const signBit = bits & 0x80;
  const exp = (bits >> mBits) & ((1 << eBits) - 1);
  const mant = bits & ((1 << mBits) - 1);
  if (uz && bits === 0x80) return NaN;
  if (kind === 'float8e4m3fn' && (bits & 0x7f) === 0x7f) return NaN;
  if (kind === 'float8e5m2' && exp === 0x1f) return mant ? NaN : signBit ? -Infinity : Infinity;
  const sign = signBit ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** (1 - bias - mBits);
  return sign * (1 + mant / (1 << mBits)) * 2 ** (exp - bias);
}
