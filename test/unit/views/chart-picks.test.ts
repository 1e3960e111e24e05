import { describe, expect, it } from 'vitest';
import type { Speedup } from '../../../core/api/sweep-summary';
import { pickById, pickOrFirst, seqChoices } from '../../../core/views/chart-picks';

const at = (seq: number | null): Speedup => ({ key: { seq } }) as unknown as Speedup; // only key.seq is read

describe('chart picks', () => {
  it('keeps a pick while it is a choice, else falls back to the first', () => {
    expect(pickOrFirst(64, [16, 64, 128])).toBe(64);
    expect(pickOrFirst(32, [16, 64])).toBe(16);
    expect(pickOrFirst(null, ['ort', 'builtin'])).toBe('ort');
    expect(pickOrFirst('x', [])).toBeUndefined();
  });

  it('finds a picked choice by id, else the first, else null', () => {
    const pairs = [{ id: 'variant:dense' }, { id: 'engine:ort' }];
    expect(pickById('engine:ort', pairs)).toBe(pairs[1]);
    expect(pickById('gone', pairs)).toBe(pairs[0]);
    expect(pickById(null, [])).toBeNull();
  });

  it('offers the sequence lengths with speedups, else every one measured', () => {
    expect(seqChoices([at(128), at(16), at(128), at(null)], [16, 64, 128])).toEqual([16, 128]);
    expect(seqChoices([], [16, 64])).toEqual([16, 64]);
  });
});
