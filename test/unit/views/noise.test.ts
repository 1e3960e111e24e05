import { describe, expect, it } from 'vitest';
import {
  describeRatio,
  isWithinNoise,
  ratioInterval,
  unpairedRatioInterval,
} from '../../../core/views/noise';

describe('noise verdicts', () => {
  it('builds a Student t interval on paired log-ratios', () => {
    // logs 0.1, 0.2, 0.3: mean 0.2, sd 0.1, t(0.975, 2) = 4.303 → 0.2 ± 0.2484
    const ci = ratioInterval([Math.exp(0.1), Math.exp(0.2), Math.exp(0.3)])!;
    expect(Math.log(ci.low)).toBeCloseTo(0.2 - (4.303 * 0.1) / Math.sqrt(3), 6);
    expect(Math.log(ci.high)).toBeCloseTo(0.2 + (4.303 * 0.1) / Math.sqrt(3), 6);
    expect(ratioInterval([1.5])).toBeNull();
  });

  it('calls a difference real only with an interval clear of 1.0 and at least 3 repeats', () => {
    const clear = ratioInterval([2.1, 2.4, 1.9])!;
    expect(clear.low).toBeGreaterThan(1);
    expect(isWithinNoise(clear, 3)).toBe(false);
    expect(isWithinNoise(clear, 2)).toBe(true);
    expect(isWithinNoise(ratioInterval([0.9, 1.2, 1.05]), 3)).toBe(true);
    expect(isWithinNoise(null, 5)).toBe(true);
  });

  it('compares unpaired runs with Welch intervals', () => {
    const same = unpairedRatioInterval([100, 102, 98], [101, 99, 100])!;
    expect(same.low).toBeLessThan(1);
    expect(same.high).toBeGreaterThan(1);
    const faster = unpairedRatioInterval([200, 205, 198], [100, 102, 98])!;
    expect(faster.low).toBeGreaterThan(1.8);
    expect(unpairedRatioInterval([1], [1, 2])).toBeNull();
  });

  it('says it in words', () => {
    expect(describeRatio(1.42, { low: 1.21, high: 1.66 }, false)).toBe('1.42× (95% CI 1.21–1.66)');
    expect(describeRatio(1.03, { low: 0.9, high: 1.2 }, true)).toBe(
      '1.03× — within noise (95% CI 0.90–1.20)',
    );
    expect(describeRatio(1.5, null, true)).toMatch(/interval unknown/);
  });
});
