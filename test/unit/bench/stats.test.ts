import { describe, expect, it } from 'vitest';
import { latencyStats, percentile, throughputFps } from '../../../core/bench/stats';

describe('percentile', () => {
  it('interpolates between closest ranks', () => {
    const s = [10, 20, 30, 40];
    expect(percentile(s, 0)).toBe(10);
    expect(percentile(s, 100)).toBe(40);
    expect(percentile(s, 50)).toBe(25);
    expect(percentile(s, 90)).toBeCloseTo(37, 10);
  });
  it('returns the only element of a one-element sample', () => {
    expect(percentile([7], 99)).toBe(7);
  });
  it('refuses an empty sample and p outside [0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1], 101)).toThrow(/\[0, 100\]/);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('latencyStats', () => {
  it('summarises an unsorted sample numerically (not as strings)', () => {
    const s = latencyStats([9, 100, 1, 10, 2]);
    const expected = { min: 1, median: 9, avg: 24.4, p90: 64, p99: 96.4, max: 100 };
    for (const [k, v] of Object.entries(expected)) expect(s[k as keyof typeof s]).toBeCloseTo(v, 9);
  });
  it('is all null for no latencies', () => {
    expect(latencyStats([])).toEqual({
      min: null,
      median: null,
      avg: null,
      p90: null,
      p99: null,
      max: null,
    });
  });
  it('p99 of 1..100 sits between the two top values', () => {
    const s = latencyStats(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s.median).toBe(50.5);
    expect(s.p99).toBeCloseTo(99.01, 10);
  });
});

describe('throughputFps', () => {
  it('is iterations × batch per second of wall time', () => {
    expect(throughputFps(100, 1, 2000)).toBe(50);
    expect(throughputFps(100, 4, 2000)).toBe(200);
  });
  it('is 0 when no time passed', () => {
    expect(throughputFps(0, 1, 0)).toBe(0);
  });
});
