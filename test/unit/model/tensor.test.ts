import { describe, expect, it } from 'vitest';
import type { DType } from '../../../core/model/graph';
import {
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
  float8ToFloat32,
} from '../../../core/model/small-floats';
import {
  DTYPE_TO_ONNX,
  dtypeByteSize,
  ONNX_DTYPES,
  tensorFromArray,
  tensorFromBytes,
  tensorToArray,
} from '../../../core/model/tensor';
import { weightStats, zeroFraction } from '../../../core/model/weight-stats';

describe('tensor helpers', () => {
  it('maps ONNX dtype numbers both ways', () => {
    expect(ONNX_DTYPES[1]).toBe('float32');
    expect(ONNX_DTYPES[7]).toBe('int64');
    expect(ONNX_DTYPES[16]).toBe('bfloat16');
    expect(ONNX_DTYPES[22]).toBe('int4');
    for (const [code, dtype] of Object.entries(ONNX_DTYPES))
      expect(DTYPE_TO_ONNX[dtype]).toBe(Number(code));
    expect(dtypeByteSize('float16')).toBe(2);
    expect(dtypeByteSize('int4')).toBe(0.5);
    expect(dtypeByteSize('complex128')).toBe(16);
  });

  it('round-trips every numeric dtype through tensorFromArray / tensorToArray', () => {
    const cases: [DType, number[]][] = [
      ['float32', [1.5, -2, 0, 3.25]],
      ['float64', [1e300, -2, 0, 0.1]],
      ['int8', [-128, 127, 0, 5]],
      ['uint8', [0, 255, 7, 8]],
      ['int16', [-32768, 32767, 1, 2]],
      ['uint16', [65535, 0, 1, 2]],
      ['int32', [-(2 ** 31), 2 ** 31 - 1, 0, 1]],
      ['uint32', [2 ** 32 - 1, 0, 1, 2]],
      ['bool', [1, 0, 1, 1]],
      ['float16', [1, -0.5, 65504, 0.0001]],
      ['bfloat16', [1, -2, 3.140625, 0]],
      ['int4', [-8, 7, 0, -1]],
      ['uint4', [15, 0, 3, 9]],
    ];
    for (const [dtype, values] of cases) {
      const t = tensorFromArray('t', dtype, [2, 2], values);
      const back = Array.from(tensorToArray(t) as ArrayLike<number>);
      if (dtype === 'float16') {
        expect(back[0]).toBe(1);
        expect(back[1]).toBe(-0.5);
        expect(back[2]).toBe(65504);
        expect(back[3]).toBeCloseTo(0.0001, 6);
      } else expect(back, dtype).toEqual(values);
    }
    const i64 = tensorToArray(
      tensorFromArray('t', 'int64', [3], [-1n, 2n ** 62n, 5n]),
    ) as BigInt64Array;
    expect([...i64]).toEqual([-1n, 2n ** 62n, 5n]);
    expect(tensorToArray(tensorFromArray('s', 'string', [2], ['a', 'βγ']))).toEqual(['a', 'βγ']);
    // 4-bit: first element in the low nibble.
    expect([...tensorFromArray('t', 'uint4', [3], [1, 2, 3]).bytes()]).toEqual([0x21, 0x03]);
  });

  it('reads unaligned views by copying, and aligned views without copying', () => {
    const backing = new Uint8Array(13);
    new DataView(backing.buffer).setFloat32(1, 2.5, true);
    new DataView(backing.buffer).setFloat32(5, -1, true);
    const unaligned = tensorFromBytes('u', 'float32', [2], backing.subarray(1, 9));
    expect([...(tensorToArray(unaligned) as Float32Array)]).toEqual([2.5, -1]);
    const aligned = new Uint8Array(16);
    const t = tensorFromBytes('a', 'float32', [2], aligned.subarray(4, 12));
    const view = tensorToArray(t) as Float32Array;
    expect(view.buffer).toBe(aligned.buffer);
    // Buffer.slice is a view; the unaligned path must still copy, not alias.
    const buf = Buffer.alloc(9);
    buf.writeFloatLE(7, 1);
    expect([
      ...(tensorToArray(tensorFromBytes('b', 'float32', [1], buf.subarray(1, 5))) as Float32Array),
    ]).toEqual([7]);
  });

  it('converts narrow floats bit-exactly', () => {
    expect(float32ToFloat16(1)).toBe(0x3c00);
    expect(float32ToFloat16(-2)).toBe(0xc000);
    expect(float32ToFloat16(65520)).toBe(0x7c00); // rounds to infinity
    expect(float32ToFloat16(2 ** -24)).toBe(0x0001);
    expect(float16ToFloat32(0x7bff)).toBe(65504);
    expect(Number.isNaN(float16ToFloat32(0x7e00))).toBe(true);
    expect(float32ToBfloat16(1)).toBe(0x3f80);
    expect(float8ToFloat32(0x38, 'float8e4m3fn')).toBe(1);
    expect(float8ToFloat32(0x7e, 'float8e4m3fn')).toBe(448);
    expect(Number.isNaN(float8ToFloat32(0x7f, 'float8e4m3fn'))).toBe(true);
    expect(float8ToFloat32(0x3c, 'float8e5m2')).toBe(1);
    expect(float8ToFloat32(0x7c, 'float8e5m2')).toBe(Infinity);
    expect(float8ToFloat32(0x40, 'float8e4m3fnuz')).toBe(1);
    expect(Number.isNaN(float8ToFloat32(0x80, 'float8e5m2fnuz'))).toBe(true);
  });
});

describe('weightStats', () => {
  it('computes sparsity, min, max, mean, std', () => {
    const s = weightStats(tensorFromArray('w', 'float32', [2, 3], [0, 1, -1, 0, 2, 4]));
    expect(s.elements).toBe(6);
    expect(s.bytes).toBe(24);
    expect(s.sparsity).toBeCloseTo(2 / 6);
    expect(s.min).toBe(-1);
    expect(s.max).toBe(4);
    expect(s.mean).toBeCloseTo(1);
    expect(s.std).toBeCloseTo(Math.sqrt((1 + 0 + 4 + 1 + 1 + 9) / 6));
    expect(s.shape).toEqual([2, 3]);
  });

  it('counts the zero point as zero for quantized tensors', () => {
    const t = tensorFromArray('q', 'uint8', [4], [128, 128, 3, 200]);
    expect(weightStats(t, 128).sparsity).toBe(0.5);
    expect(weightStats(t).sparsity).toBe(0);
  });

  it('handles empty, string and NaN tensors without throwing', () => {
    expect(weightStats(tensorFromArray('e', 'float32', [0], [])).mean).toBeNull();
    expect(weightStats(tensorFromArray('s', 'string', [1], ['x'])).min).toBeNull();
    const n = weightStats(tensorFromArray('n', 'float32', [3], [NaN, 1, 3]));
    expect(n.mean).toBe(2);
    expect(JSON.parse(JSON.stringify(n)).min).toBe(1);
  });
});

describe('zeroFraction', () => {
  it('counts ±0 in float32 whether or not the bytes are aligned', () => {
    const values = [0, -0, 1, 2, 0, -3, 0, 5];
    const aligned = tensorFromArray('w', 'float32', [8], values);
    expect(zeroFraction(aligned)).toBe(4 / 8);
    const backing = new Uint8Array(33);
    backing.set(aligned.bytes(), 1);
    expect(zeroFraction(tensorFromBytes('u', 'float32', [8], backing.subarray(1)))).toBe(4 / 8);
    expect(zeroFraction(aligned)).toBe(weightStats(aligned).sparsity);
  });

  it('handles half floats, quantized zero points and wide integers', () => {
    expect(zeroFraction(tensorFromArray('h', 'float16', [4], [0, -0, 1, 2]))).toBe(0.5);
    expect(zeroFraction(tensorFromArray('b', 'bfloat16', [4], [0, 3, 1, 2]))).toBe(0.25);
    expect(zeroFraction(tensorFromArray('q', 'int8', [4], [-3, -3, 0, 1]), -3)).toBe(0.5);
    expect(zeroFraction(tensorFromArray('q', 'uint8', [4], [128, 0, 0, 1]), 128)).toBe(0.25);
    expect(zeroFraction(tensorFromArray('l', 'int64', [3], [0n, 1n, 0n]))).toBeCloseTo(2 / 3);
    expect(zeroFraction(tensorFromArray('f', 'float32', [2], [1, 2]), 1)).toBe(0.5);
    expect(zeroFraction(tensorFromArray('e', 'float32', [0], []))).toBe(0);
  });
});
