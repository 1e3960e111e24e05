import type { ApiMode } from './names';
import type { SkippedCell, SweepCell } from './schemas/sweep-files';

/**
 * What a sweep's results add up to (core/bench/sweep/sweep-summary.ts computes it): per grid
 * point medians and spreads, and speedups (core/views/speedup.ts defines their pairing).
 */

export type CompareDimension = 'variant' | 'engine';

/** The configuration two results must share to be compared. */
export interface PairKey {
  /** The value of the dimension not being compared (the engine when comparing variants). */
  other: string;
  streams: number | null;
  threads: number | null;
  nireq: number | null;
  api: ApiMode | null;
  batch: number | null;
  seq: number | null;
}

export interface Speedup {
  /** Stable text form of `key`, e.g. "ort|s2|t2|nireq2|async|b1|seq64". */
  id: string;
  key: PairKey;
  dimension: CompareDimension;
  /** The value whose speedup this is (A) … */
  subject: string;
  /** … over this one (B). */
  baseline: string;
  /** Median of the per-repeat ratios throughput(A, r) / throughput(B, r). */
  speedup: number;
  /** Smallest and largest per-repeat ratio. */
  min: number;
  max: number;
  /** How many repeats were paired (repeats present, with throughput > 0, on both sides). */
  pairs: number;
  /**
   * 95% interval of the ratio (Student t on the paired log-ratios; core/views/noise.ts);
   * null with fewer than 2 pairs.
   */
  ci: { low: number; high: number } | null;
  /** True when the interval contains 1.0 or fewer than 3 repeats were paired: not a claim. */
  within_noise: boolean;
  /** median throughput of A / median throughput of B over all their repeats. */
  ratioOfMedians: number;
  subjectFps: number;
  baselineFps: number;
}

/** One grid point over its repeats. */
export interface PointSummary {
  /** "dense|ort|s2|t2|seq64|b1" */
  point: string;
  cell: Omit<SweepCell, 'id' | 'repeat'>;
  ok: number;
  failed: number;
  /** Throughput over the repeats that ran: median and spread (min, max); null when none ran. */
  medianFps: number | null;
  /** 95% interval of the typical (geometric-mean) throughput; null with fewer than 2 repeats. */
  fpsCi: { low: number; high: number } | null;
  /** Repeats measured while other processes loaded the machine (result.load.noisy). */
  noisy: number;
  minFps: number | null;
  maxFps: number | null;
  /** Median over repeats of each repeat's median latency. */
  medianLatencyMs: number | null;
  /** Distinct failure reasons. */
  reasons: string[];
}

export interface SweepSummary {
  points: PointSummary[];
  skipped: SkippedCell[];
  /** Speedups of each variant over the first one, when the sweep has several variants. */
  variantSpeedups: Speedup[];
  /** Speedups of each engine over ort (or the first engine), when it has several engines. */
  engineSpeedups: Speedup[];
  planned: number;
  recorded: number;
  failed: number;
}
