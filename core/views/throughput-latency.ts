import type { ResultPoint } from './result-points';

export type LatencyMetric = 'median' | 'p90' | 'p99';

export interface SweetSpot {
  /** Points that have the chosen latency statistic. */
  points: Array<ResultPoint & { latency: number; withinBudget: boolean }>;
  /** Highest median throughput among points within the budget; null when none is. */
  best: (ResultPoint & { latency: number }) | null;
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
  let best: SweetSpot['best'] = null;
  for (const p of withLatency) {
    if (p.withinBudget && (best === null || p.fps.median > best.fps.median)) best = p;
  }
  return { points: withLatency, best };
}

/** Slider bounds for the budget: from the lowest to the highest latency measured. */
export function budgetRange(
  points: readonly ResultPoint[],
  metric: LatencyMetric = 'median',
): { min: number; max: number } | null {
  const values = points.map((p) => p.latencyMs[metric]).filter((x): x is number => x !== null);
  return values.length ? { min: Math.min(...values), max: Math.max(...values) } : null;
}
