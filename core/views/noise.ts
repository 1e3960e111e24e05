/**
 * Is a measured speedup real, or machine noise? SparseScope's answer, the same in every view,
 * the CLI and reports.
 *
 * A sweep pairs subject and baseline by repeat (they ran back to back, interleaved), so each
 * repeat gives one ratio. Ratios of throughputs are multiplicative, so the interval is built
 * on their logarithms: mean ± t(0.975, n−1) · sd / √n, then exponentiated — a Student t
 * interval on paired log-ratios. With the 2–10 repeats a sweep affords, a bootstrap cannot
 * resample enough distinct sets to say anything, while the t interval is exact for
 * log-normal noise and honest (wide) when repeats are few. A speedup is "within noise" when
 * its 95% interval contains 1.0, or when it rests on fewer than 3 repeats (no interval can be
 * trusted from 2).
 */

export const MIN_REPEATS = 3;
export const CONFIDENCE = 0.95;

/** Two-sided 95% quantiles of Student's t by degrees of freedom 1…30. */
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

function tQuantile(df: number): number {
  return df <= T95.length ? T95[df - 1]! : 1.96;
}

export interface Interval {
  low: number;
  high: number;
}

/** 95% interval of the ratio from per-repeat ratios (all > 0); null with fewer than 2. */
export function ratioInterval(ratios: readonly number[]): Interval | null {
  const n = ratios.length;
  if (n < 2) return null;
  const logs = ratios.map(Math.log);
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const half = (tQuantile(n - 1) * Math.sqrt(variance)) / Math.sqrt(n);
  return { low: Math.exp(mean - half), high: Math.exp(mean + half) };
}

/** Whether a ratio resting on `repeats` repeats with this interval may be noise. */
export function isWithinNoise(interval: Interval | null, repeats: number): boolean {
  return repeats < MIN_REPEATS || interval === null || (interval.low <= 1 && interval.high >= 1);
}

/**
 * Interval of the ratio of two independent sets of throughputs (runs that were not paired,
 * e.g. an A/B compare of two sweeps): Welch's t on the logarithms.
 */
export function unpairedRatioInterval(
  subject: readonly number[],
  baseline: readonly number[],
): Interval | null {
  if (subject.length < 2 || baseline.length < 2) return null;
  const stats = (xs: readonly number[]) => {
    const logs = xs.map(Math.log);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1);
    return { mean, v: variance / logs.length, n: logs.length };
  };
  const a = stats(subject);
  const b = stats(baseline);
  const se2 = a.v + b.v;
  // Welch–Satterthwaite degrees of freedom (at least 1).
  const df = se2 === 0 ? a.n + b.n - 2 : se2 ** 2 / (a.v ** 2 / (a.n - 1) + b.v ** 2 / (b.n - 1));
  const half = tQuantile(Math.max(1, Math.floor(df))) * Math.sqrt(se2);
  const diff = a.mean - b.mean;
  return { low: Math.exp(diff - half), high: Math.exp(diff + half) };
}

/** "1.42× (95% CI 1.21–1.66)", or "≈ 1.0× within noise (…)" for people. */
export function describeRatio(speedup: number, interval: Interval | null, noise: boolean): string {
  const ci = interval
    ? `95% CI ${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`
    : 'interval unknown: fewer than 2 repeats';
  return noise ? `${speedup.toFixed(2)}× — within noise (${ci})` : `${speedup.toFixed(2)}× (${ci})`;
}
