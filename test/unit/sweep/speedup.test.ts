import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../core/api/schemas/bench-result';
import { handMadeResult } from '../helpers/hand-made-result';
import {
  computeSpeedups,
  dimensionValues,
  inOrderRepeats,
  median,
  type RepeatedResult,
} from '../../../core/views/speedup';

const result = handMadeResult;
const rep = (r: BenchResult, repeat = 0): RepeatedResult => ({ result: r, repeat });

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('computeSpeedups', () => {
  it('pairs variants at the same config and divides throughputs', () => {
    const items = [
      rep(result({ variant: 'dense', fps: 100, streams: 1, threads: 1 })),
      rep(result({ variant: 'sparse', fps: 150, streams: 1, threads: 1, sparse_rate: 0.75 })),
      rep(result({ variant: 'dense', fps: 180, streams: 2, threads: 2 })),
      rep(result({ variant: 'sparse', fps: 360, streams: 2, threads: 2, sparse_rate: 0.75 })),
      // No dense partner at seq 128: no speedup for it.
      rep(result({ variant: 'sparse', fps: 90, seq: 128 })),
    ];
    const s = computeSpeedups(items, 'variant', 'dense');
    expect(s.map((x) => [x.id, x.speedup])).toEqual([
      ['ort|s1|t1|nireq1|async|b1|seq64', 1.5],
      ['ort|s2|t2|nireq2|async|b1|seq64', 2],
    ]);
    expect(s[0]).toMatchObject({
      subject: 'sparse',
      baseline: 'dense',
      pairs: 1,
      min: 1.5,
      max: 1.5,
    });
  });

  it('does not pair across engines when comparing variants, nor across variants when comparing engines', () => {
    const items = [
      rep(result({ engine: 'ort', variant: 'dense', fps: 100 })),
      rep(result({ engine: 'builtin', variant: 'sparse', fps: 300 })),
    ];
    expect(computeSpeedups(items, 'variant', 'dense')).toEqual([]);
    expect(computeSpeedups(items, 'engine', 'ort')).toEqual([]);
    const same = [
      rep(result({ engine: 'ort', fps: 100 })),
      rep(result({ engine: 'builtin', fps: 250 })),
    ];
    const [e] = computeSpeedups(same, 'engine', 'ort');
    expect(e).toMatchObject({
      subject: 'builtin',
      baseline: 'ort',
      speedup: 2.5,
      id: 'dense|s1|t1|nireq1|async|b1|seq64',
    });
  });

  it('with repeats: median of per-repeat ratios, spread = min/max ratio, plus ratio of medians', () => {
    // repeat:          0     1     2
    // dense fps:     100   200   100
    // sparse fps:    150   260   180   → ratios 1.5, 1.3, 1.8
    const dense = [100, 200, 100];
    const sparse = [150, 260, 180];
    const items = [
      ...dense.map((fps, r) => rep(result({ variant: 'dense', fps }), r)),
      ...sparse.map((fps, r) => rep(result({ variant: 'sparse', fps }), r)),
    ];
    const [s] = computeSpeedups(items, 'variant', 'dense');
    expect(s!.speedup).toBeCloseTo(1.5, 12);
    expect(s!.min).toBeCloseTo(1.3, 12);
    expect(s!.max).toBeCloseTo(1.8, 12);
    expect(s!.pairs).toBe(3);
    expect(s!.ratioOfMedians).toBeCloseTo(180 / 100, 12);
    expect(s!.subjectFps).toBe(180);
    expect(s!.baselineFps).toBe(100);
  });

  it('pairs only repeats present on both sides and skips results where nothing ran', () => {
    const items = [
      rep(result({ variant: 'dense', fps: 100 }), 0),
      rep(result({ variant: 'dense', fps: 0 }), 1),
      rep(result({ variant: 'sparse', fps: 120 }), 0),
      rep(result({ variant: 'sparse', fps: 500 }), 1),
      rep(result({ variant: 'sparse', fps: 500 }), 2),
    ];
    const [s] = computeSpeedups(items, 'variant', 'dense');
    expect(s).toMatchObject({ speedup: 1.2, pairs: 1, min: 1.2, max: 1.2 });
  });

  it('compares every other value against the baseline', () => {
    const items = [
      rep(result({ variant: 'dense', fps: 100 })),
      rep(result({ variant: 'int8', fps: 200 })),
      rep(result({ variant: 'sparse', fps: 130 })),
    ];
    expect(computeSpeedups(items, 'variant', 'dense').map((s) => [s.subject, s.speedup])).toEqual([
      ['int8', 2],
      ['sparse', 1.3],
    ]);
    expect(computeSpeedups(items, 'variant', 'missing')).toEqual([]);
  });

  it('numbers repeats in order for results without them (imports)', () => {
    const results = [
      result({ variant: 'dense', fps: 100 }),
      result({ variant: 'dense', fps: 110 }),
      result({ variant: 'sparse', fps: 200 }),
    ];
    expect(inOrderRepeats(results, 'variant').map((r) => r.repeat)).toEqual([0, 1, 0]);
    expect(dimensionValues(results, 'variant')).toEqual(['dense', 'sparse']);
  });
});
