import type { BenchResult } from '../api/schemas/bench-result';
import { pointId, pointKeyOf, type PointKey } from './point-key';
import { median } from './speedup';

/** A grid point (everything but the repeat) with its repeats' figures. */
export interface ResultPoint extends PointKey {
  /** "variant|engine|s2|t2|seq64|b1" */
  id: string;
  source: BenchResult['source'];
  repeats: number;
  /** Throughput of each repeat, and their median and spread. */
  fps: { median: number; min: number; max: number; values: number[] };
  /** Median over repeats of each repeat's latency statistic; null when the source lacks it. */
  latencyMs: {
    median: number | null;
    p90: number | null;
    p99: number | null;
    min: number | null;
    max: number | null;
  };
}

function medianOrNull(values: Array<number | null>): number | null {
  const present = values.filter((x): x is number => x !== null);
  return present.length ? median(present) : null;
}

/** Group results into grid points; repeats of a point are folded into median and spread. */
export function resultPoints(results: readonly BenchResult[]): ResultPoint[] {
  const groups = new Map<string, BenchResult[]>();
  for (const r of results) {
    const id = pointId(pointKeyOf(r));
    const list = groups.get(id);
    if (list) list.push(r);
    else groups.set(id, [r]);
  }
  return [...groups].map(([id, rs]) => {
    const first = rs[0]!;
    const fps = rs.map((r) => r.throughput_fps);
    const lat = (pick: (r: BenchResult) => number | null) => medianOrNull(rs.map(pick));
    return {
      id,
      ...pointKeyOf(first),
      source: first.source,
      repeats: rs.length,
      fps: { median: median(fps), min: Math.min(...fps), max: Math.max(...fps), values: fps },
      latencyMs: {
        median: lat((r) => r.latency_ms.median),
        p90: lat((r) => r.latency_ms.p90),
        p99: lat((r) => r.latency_ms.p99),
        min: lat((r) => r.latency_ms.min),
        max: lat((r) => r.latency_ms.max),
      },
    };
  });
}

/** Distinct non-null values of a numeric config field, ascending. */
export function distinctValues(
  results: readonly BenchResult[],
  pick: (r: BenchResult) => number | null,
): number[] {
  return [...new Set(results.map(pick).filter((x): x is number => x !== null))].sort(
    (a, b) => a - b,
  );
}
