import { describe, expect, it } from 'vitest';
import { packedByteSize, toDType } from '../../../core/model/openvino-ir/element-types';
import { parseDataAttribute } from '../../../core/model/openvino-ir/ir-attributes';
import { splitNames } from '../../../core/model/openvino-ir/ir-layers';
import { parseDim, parsePartialShape } from '../../../core/model/openvino-ir/ir-shapes';

describe('parseDataAttribute', () => {
  it('commits to numbers only when the text can mean nothing else', () => {
    expect(parseDataAttribute('3')).toEqual({ type: 'int', value: 3 });
    expect(parseDataAttribute('-1')).toEqual({ type: 'int', value: -1 });
    expect(parseDataAttribute('0.5')).toEqual({ type: 'float', value: 0.5 });
    expect(parseDataAttribute('1e-05')).toEqual({ type: 'float', value: 1e-5 });
    expect(parseDataAttribute('1,1')).toEqual({ type: 'ints', value: [1, 1] });
    expect(parseDataAttribute('0, 2, -1')).toEqual({ type: 'ints', value: [0, 2, -1] });
    expect(parseDataAttribute('0.5,1')).toEqual({ type: 'floats', value: [0.5, 1] });
  });
  it('keeps everything else as the original string', () => {
    for (const s of [
      'true',
      'false',
      'numpy',
      'f32',
      '',
      'inf',
      '-inf',
      'nan',
      '1,,2',
      '1,a',
      '99999999999999999999',
      '0x10',
      'explicit',
    ]) {
      expect(parseDataAttribute(s)).toEqual({ type: 'string', value: s });
    }
  });
});

describe('dims and partial shapes', () => {
  it('parses sizes, dynamic dims and intervals', () => {
    expect(parseDim('768')).toBe(768);
    expect(parseDim('-1')).toBeNull();
    expect(parseDim('?')).toBeNull();
    expect(parseDim('1..512')).toBeNull();
    expect(parseDim('5..5')).toBe(5);
    expect(parseDim('..8')).toBeNull();
    expect(parseDim('-2')).toBeUndefined();
    expect(parseDim('x')).toBeUndefined();
    expect(parseDim('')).toBeUndefined();
  });
  it('parses shapes, scalars and dynamic rank', () => {
    expect(parsePartialShape('1,?,768')).toEqual([1, null, 768]);
    expect(parsePartialShape('[1,-1]')).toEqual([1, null]);
    expect(parsePartialShape('')).toEqual([]);
    expect(parsePartialShape('...')).toBeNull();
    expect(parsePartialShape('1,,2')).toBeUndefined();
  });
});

describe('element types', () => {
  it('maps both element_type and precision spellings', () => {
    const cases: [string, string | null][] = [
      ['f32', 'float32'],
      ['FP32', 'float32'],
      ['f16', 'float16'],
      ['FP16', 'float16'],
      ['bf16', 'bfloat16'],
      ['f64', 'float64'],
      ['i8', 'int8'],
      ['I8', 'int8'],
      ['u8', 'uint8'],
      ['i16', 'int16'],
      ['u16', 'uint16'],
      ['i32', 'int32'],
      ['u32', 'uint32'],
      ['i64', 'int64'],
      ['I64', 'int64'],
      ['u64', 'uint64'],
      ['boolean', 'bool'],
      ['BOOL', 'bool'],
      ['u4', 'uint4'],
      ['i4', 'int4'],
      ['f8e4m3', 'float8e4m3fn'],
      ['f8e5m2', 'float8e5m2'],
      ['dynamic', null],
      ['undefined', null],
      ['UNSPECIFIED', null],
    ];
    for (const [name, dtype] of cases) expect(toDType(name), name).toEqual({ ok: true, dtype });
  });
  it('refuses unsupported and unknown types with a reason', () => {
    expect(toDType('u1')).toEqual({
      ok: false,
      reason: expect.stringContaining('not supported') as string,
    });
    expect(toDType('nf4')).toEqual({
      ok: false,
      reason: expect.stringContaining('not supported') as string,
    });
    expect(toDType('toString')).toEqual({ ok: false, reason: 'unknown element type "toString"' });
  });
  it('sizes packed data, sub-byte types rounded up', () => {
    expect(packedByteSize('float32', 12)).toBe(48);
    expect(packedByteSize('int64', 2)).toBe(16);
    expect(packedByteSize('uint4', 3)).toBe(2);
    expect(packedByteSize('bool', 3)).toBe(3);
    expect(packedByteSize('string', 3)).toBeNull();
  });
});

describe('splitNames', () => {
  it('splits on commas and unescapes "\\,"', () => {
    expect(splitNames('input_ids')).toEqual(['input_ids']);
    expect(splitNames('a,b\\,c, d')).toEqual(['a', 'b,c', 'd']);
    expect(splitNames('')).toEqual([]);
  });
});
