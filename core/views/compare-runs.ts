import type { BenchResult } from '../api/schemas/bench-result';
import { isWithinNoise, unpairedRatioInterval, type Interval } from './noise';
import { pickKey, type PointKey } from './point-key';
import { resultPoints } from './result-points';

export interface CompareRow extends PointKey {
  id: string;
  aFps: number | null;
  bFps: number | null;
  /** bFps / aFps − 1 (e.g. +0.12 = B is 12% faster); null unless both ran. */
  delta: number | null;
  /** 95% interval of bFps / aFps (Welch's t on log throughputs; the runs were not paired). */
  ci: Interval | null;
  /** True when the interval contains 1.0, or either side has fewer than 3 repeats. */
  withinNoise: boolean;
}

/** A/B compare of two runs: per configuration, median throughput of each and the change. */
export function compareRuns(a: readonly BenchResult[], b: readonly BenchResult[]): CompareRow[] {
  const pa = new Map(resultPoints(a).map((p) => [p.id, p]));
  const pb = new Map(resultPoints(b).map((p) => [p.id, p]));
  const ids = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) =>
    x.localeCompare(y, 'en', { numeric: true }),
  );
  return ids.map((id) => {
    const p = (pa.get(id) ?? pb.get(id))!;
    const aFps = pa.get(id)?.fps.median ?? null;
    const bFps = pb.get(id)?.fps.median ?? null;
    const aAll = pa.get(id)?.fps.values.filter((f) => f > 0) ?? [];
    const bAll = pb.get(id)?.fps.values.filter((f) => f > 0) ?? [];
    const ci = unpairedRatioInterval(bAll, aAll);
    return {
      id,
      ...pickKey(p),
      aFps,
      bFps,
      delta: aFps && bFps ? bFps / aFps - 1 : null,
      ci,
      withinNoise: isWithinNoise(ci, Math.min(aAll.length, bAll.length)),
    };
  });
}
