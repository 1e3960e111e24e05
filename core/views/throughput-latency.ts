import { isWithinNoise, unpairedRatioInterval } from './noise';
import type { ResultPoint } from './result-points';

export type LatencyMetric = 'median' | 'p90' | 'p99';

export interface SweetSpot {
  /** Points that have the chosen latency statistic. */
  points: Array<ResultPoint & { latency: number; withinBudget: boolean }>;
  /** Highest median throughput among points within the budget; null when none is. */
  best: (ResultPoint & { latency: number }) | null;
  /** The next best within the budget, and whether the measurements cannot tell the two apart. */
  runnerUp: (ResultPoint & { latency: number }) | null;
  indistinguishable: boolean;
}

/**
 * DL Workbench's "sweet spot": throughput against latency, and the best configuration whose
 * latency stays within a budget.
 */
export function sweetSpot(
  points: readonly ResultPoint[],
  budgetMs: number,
  metric: LatencyMetric = 'median',
): SweetSpot {
  const withLatency = points.flatMap((p) => {
    const latency = p.latencyMs[metric];
    return latency === null ? [] : [{ ...p, latency, withinBudget: latency <= budgetMs }];
  });
  const ranked = withLatency
    .filter((p) => p.withinBudget)
    .sort((a, b) => b.fps.median - a.fps.median);
  const best = ranked[0] ?? null;
  const runnerUp = ranked[1] ?? null;
  let indistinguishable = false;
  if (best && runnerUp) {
    const a = best.fps.values.filter((f) => f > 0);
    const b = runnerUp.fps.values.filter((f) => f > 0);
    indistinguishable = isWithinNoise(unpairedRatioInterval(a, b), Math.min(a.length, b.length));
  }
  return { points: withLatency, best, runnerUp, indistinguishable };
}

/** Slider bounds for the budget: from the lowest to the highest latency measured. */
export function budgetRange(
  points: readonly ResultPoint[],
  metric: LatencyMetric = 'median',
): { min: number; max: number } | null {
  const values = points.map((p) => p.latencyMs[metric]).filter((x): x is number => x !== null);
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
}
