import type { LatencyStats } from '../api/schemas/bench-result';

/**
 * Percentile by linear interpolation between closest ranks (numpy's default, "type 7"):
 * p in [0, 100]; `sorted` ascending. Smooth for the small samples short runs produce, where
 * nearest-rank would jump between neighbouring latencies.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile expects p in [0, 100], got ${p}`);
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** min/median/avg/p90/p99/max of latencies in ms; all null for an empty sample. */
export function latencyStats(latenciesMs: ArrayLike<number>): LatencyStats {
  const n = latenciesMs.length;
  if (n === 0) return { min: null, median: null, avg: null, p90: null, p99: null, max: null };
  // Float64Array sorts numerically (a plain array would sort as strings).
  const sorted = Float64Array.from(latenciesMs).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  return {
    min: sorted[0]!,
    median: percentile(sorted, 50),
    avg: sum / n,
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[n - 1]!,
  };
}

/** Iterations × batch per second over a wall duration; 0 when nothing ran or no time passed. */
export function throughputFps(count: number, batch: number, durationMs: number): number {
  return durationMs > 0 ? (count * batch * 1000) / durationMs : 0;
}
