import type { BenchResult } from '../api/schemas/bench-result';
import type { CompareDimension } from '../api/sweep-summary';
import { dimensionValues } from './speedup';

/** A comparison people can pick: subject over baseline along one dimension. */
export interface PairChoice {
  id: string;
  dimension: CompareDimension;
  subject: string;
  baseline: string;
  label: string;
}

/**
 * Every sensible comparison in a result set: each variant over the first one, each other
 * variant pair too, and each engine over ORT (or the first engine).
 */
export function pairChoices(results: readonly BenchResult[]): PairChoice[] {
  const out: PairChoice[] = [];
  const variants = dimensionValues(results, 'variant');
  for (let i = 0; i < variants.length; i++) {
    for (let j = 0; j < variants.length; j++) {
      if (i === j) continue;
      const subject = variants[j]!;
      const baseline = variants[i]!;
      out.push({
        id: `variant:${subject}:${baseline}`,
        dimension: 'variant',
        subject,
        baseline,
        label: `${subject} over ${baseline}`,
      });
    }
  }
  const engines = dimensionValues(results, 'engine');
  const base = engines.includes('ort') ? 'ort' : engines[0];
  for (const e of engines) {
    if (e === base || base === undefined) continue;
    out.push({
      id: `engine:${e}:${base}`,
      dimension: 'engine',
      subject: e,
      baseline: base,
      label: `${e} over ${base}`,
    });
  }
  // "Later variant over the first" (e.g. sparse over dense) first, then engines, then the rest:
  // the comparisons people usually open a sweep for.
  return out.sort((a, b) => rank(a, variants) - rank(b, variants));
}

function rank(p: PairChoice, variants: string[]): number {
  if (p.dimension === 'variant' && p.baseline === variants[0]) return 0;
  return p.dimension === 'engine' ? 1 : 2;
}

/** The values of the dimension not compared (engines when comparing variants, and vice versa). */
export function otherValues(results: readonly BenchResult[], pair: PairChoice): string[] {
  return dimensionValues(results, pair.dimension === 'variant' ? 'engine' : 'variant');
}
