import type { BenchResult } from '../api/schemas/bench-result';
import type { PairChoice } from './pairs';

/** One engine's own verdict on sparse weights for one variant (e.g. OpenVINO's runtime graph). */
export interface SparseWeightNote {
  variant: string;
  engine: string;
  /** "applied to 24 of 24 FullyConnected layers (…)" or "not applied: …". */
  note: string;
}

/**
 * What the engine reported about sparse weight decompression for the variants a speedup
 * compares (openvino results carry it in engine_details), so a sparse-over-dense figure is
 * read beside "applied to 24 of 24" or "not applied: this CPU lacks AMX …". One line per
 * variant and distinct note, in the pair's order (subject first).
 */
export function sparseWeightNotes(
  results: readonly BenchResult[],
  pair: PairChoice | null,
  other: string,
): SparseWeightNote[] {
  if (!pair) return [];
  const inPair = (r: BenchResult): boolean =>
    pair.dimension === 'variant'
      ? r.engine === other &&
        (r.model.variant === pair.subject || r.model.variant === pair.baseline)
      : r.model.variant === other && (r.engine === pair.subject || r.engine === pair.baseline);
  const seen = new Set<string>();
  const out: SparseWeightNote[] = [];
  for (const r of results) {
    const note = r.engine_details?.sparse_weights?.note;
    if (!note || !inPair(r)) continue;
    const variant = r.model.variant ?? '(no variant)';
    const key = `${variant}\n${r.engine}\n${note}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ variant, engine: r.engine, note });
  }
  const order = (v: string): number => (v === pair.subject ? 0 : 1);
  return out.sort((a, b) => order(a.variant) - order(b.variant));
}
