import type { BenchResult } from '../api/schemas/bench-result';
import type { CompareDimension, PairKey, Speedup } from '../api/sweep-summary';
import { isWithinNoise, ratioInterval } from './noise';

/**
 * Speedups between results (DESIGN.md: speedup of A over B at a config = throughput(A) /
 * throughput(B) at the same config on the same machine). Pure functions over results.
 *
 * Pairing. Two results are compared when they differ only in the compared dimension —
 * 'variant' (model.variant, e.g. sparse vs dense) or 'engine' (builtin vs ort) — and agree on
 * the run's shape: streams, threads, nireq, api, batch, seq, and the other dimension. Run
 * length (time_s/niter, warm-up) is not part of the key: it changes how long we measure, not
 * what. sparse_rate is not part of it either, because it is a per-variant engine setting (a
 * sparse variant is run with a rate, its dense baseline without), i.e. part of what is compared.
 *
 * Repeats. A sweep runs every cell `repeats` times, interleaved with the cells it is compared
 * with (A B, B A, …; core/bench/sweep/sweep-plan.ts), so repeat r of A and repeat r of B ran
 * back to back. We pair them by repeat index and compute one ratio per repeat: speedup =
 * median of those ratios, spread = [min, max] of them, and a 95% interval with a
 * within-noise verdict (core/views/noise.ts). Pairing by repeat (rather than
 * median(A)/median(B)) lets drift — thermal, other load — cancel within a pair.
 * `ratioOfMedians` (median throughput of A / median of B) is reported too, for reference.
 */

/** A result and the repeat it belongs to (0-based); imports without repeats use 0, 1, … in order. */
export interface RepeatedResult {
  result: BenchResult;
  repeat: number;
}

/** The compared dimension's value of a result; results without a variant label count as "(none)". */
export function dimensionValue(r: BenchResult, dimension: CompareDimension): string {
  return dimension === 'engine' ? r.engine : (r.model.variant ?? '(none)');
}

export function pairKey(r: BenchResult, dimension: CompareDimension): PairKey {
  const c = r.config;
  return {
    other: dimension === 'engine' ? (r.model.variant ?? '(none)') : r.engine,
    streams: c.streams,
    threads: c.threads,
    nireq: c.nireq,
    api: c.api,
    batch: c.batch,
    seq: c.seq,
  };
}

export function pairKeyId(k: PairKey): string {
  const v = (x: number | string | null) => (x === null ? '?' : String(x));
  return [
    k.other,
    `s${v(k.streams)}`,
    `t${v(k.threads)}`,
    `nireq${v(k.nireq)}`,
    v(k.api),
    `b${v(k.batch)}`,
    `seq${v(k.seq)}`,
  ].join('|');
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Give results repeat indices 0, 1, … in order of appearance per (pair key, dimension value). */
export function inOrderRepeats(
  results: readonly BenchResult[],
  dimension: CompareDimension,
): RepeatedResult[] {
  const seen = new Map<string, number>();
  return results.map((result) => {
    const k = `${pairKeyId(pairKey(result, dimension))}#${dimensionValue(result, dimension)}`;
    const repeat = seen.get(k) ?? 0;
    seen.set(k, repeat + 1);
    return { result, repeat };
  });
}

/**
 * Speedup of every value of `dimension` other than `baseline` over `baseline`, at every
 * configuration where both were measured. Results with throughput 0 (nothing ran) are left
 * out of the ratios. Sorted by subject, then key id.
 */
export function computeSpeedups(
  items: readonly RepeatedResult[],
  dimension: CompareDimension,
  baseline: string,
): Speedup[] {
  // key id → dimension value → repeat → throughputs (normally one)
  const groups = new Map<string, { key: PairKey; sides: Map<string, Map<number, number[]>> }>();
  for (const { result, repeat } of items) {
    if (!(result.throughput_fps > 0)) continue;
    const key = pairKey(result, dimension);
    const id = pairKeyId(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, sides: new Map() }));
    const value = dimensionValue(result, dimension);
    let side = g.sides.get(value);
    if (!side) g.sides.set(value, (side = new Map()));
    const list = side.get(repeat) ?? [];
    list.push(result.throughput_fps);
    side.set(repeat, list);
  }

  const out: Speedup[] = [];
  for (const [id, g] of groups) {
    const base = g.sides.get(baseline);
    if (!base) continue;
    for (const [subject, side] of g.sides) {
      if (subject === baseline) continue;
      const ratios: number[] = [];
      for (const [repeat, fpsA] of side) {
        const fpsB = base.get(repeat);
        if (fpsB) ratios.push(median(fpsA) / median(fpsB));
      }
      if (ratios.length === 0) continue;
      const allA = [...side.values()].flat();
      const allB = [...base.values()].flat();
      const ci = ratioInterval(ratios);
      out.push({
        id,
        key: g.key,
        dimension,
        subject,
        baseline,
        speedup: median(ratios),
        min: Math.min(...ratios),
        max: Math.max(...ratios),
        pairs: ratios.length,
        ci,
        within_noise: isWithinNoise(ci, ratios.length),
        ratioOfMedians: median(allA) / median(allB),
        subjectFps: median(allA),
        baselineFps: median(allB),
      });
    }
  }
  return out.sort((x, y) =>
    x.subject === y.subject
      ? x.id.localeCompare(y.id, 'en', { numeric: true })
      : x.subject.localeCompare(y.subject),
  );
}

/** The values of `dimension` present in the results, in order of first appearance. */
export function dimensionValues(
  results: readonly BenchResult[],
  dimension: CompareDimension,
): string[] {
  return [...new Set(results.map((r) => dimensionValue(r, dimension)))];
}
