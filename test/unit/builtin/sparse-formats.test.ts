import { describe, expect, it } from 'vitest';
import {
  columnZeros,
  countNonzeros,
  fitsS8,
} from '../../../core/engines/builtin/tiers/sparse-formats';

describe('sparse weight formats', () => {
  it('counts the entries that differ from their column zero point', () => {
    // [K=3, N=2]: column 0 has zero point 0, column 1 zero point 5.
    const w = Uint8Array.from([0, 5, 1, 5, 0, 7]);
    expect(countNonzeros(w, 3, 2, columnZeros([0, 5], 2))).toBe(2);
    expect(countNonzeros(w, 3, 2, columnZeros(null, 2))).toBe(4);
    // A per-tensor zero point applies to every column.
    expect(countNonzeros(w, 3, 2, columnZeros([5], 2))).toBe(4);
  });

  it('knows which weights fit s8 once their zero points are taken off', () => {
    expect(fitsS8(Int8Array.from([-128, 127]), 1, 2, columnZeros(null, 2))).toBe(true);
    expect(fitsS8(Int8Array.from([-128, 127]), 1, 2, columnZeros([1], 2))).toBe(false);
    expect(fitsS8(Uint8Array.from([0, 255]), 1, 2, columnZeros([128], 2))).toBe(true);
    expect(fitsS8(Uint8Array.from([0, 255]), 1, 2, columnZeros(null, 2))).toBe(false);
  });
});
