import type { PackedI8 } from '../tiers/tier';
import { countEqual } from '../../../model/zero-fraction';

/**
 * The packing decision for constant MatMul weights: sparse when the weight's sparsity
 * reaches sparseRate (OpenVINO's CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE). The packed forms
 * themselves belong to the kernel tiers (../tiers/).
 */

/** Fraction of entries equal to `zero` (the quantized zero for int8 weights). */
export function sparsityOf(w: ArrayLike<number>, zero = 0): number {
  return w.length === 0 ? 0 : countEqual(w, zero) / w.length;
}

/** The packing decision in words, e.g. "sparse fp32 (sparsity 0.80 ≥ 0.5)". */
export function chooseSparse(
  sparsity: number,
  rate: number | null,
  kind: string,
): { sparse: boolean; why: string } {
  const s = sparsity.toFixed(2);
  if (rate === null || rate >= 1)
    return { sparse: false, why: `dense ${kind} (sparsity ${s}; sparse packing off)` };
  if (sparsity >= rate) return { sparse: true, why: `sparse ${kind} (sparsity ${s} ≥ ${rate})` };
  return { sparse: false, why: `dense ${kind} (sparsity ${s} < ${rate})` };
}

/**
 * What a packed int8 weight runs on, for the notes: the rate's choice, unless the tier kept
 * it dense (and why), with the sparse format where the tier has more than one.
 */
export function i8KernelNote(choice: { sparse: boolean; why: string }, p: PackedI8): string {
  if (choice.sparse && p.denseWhy) return `dense int8 (${p.denseWhy})`;
  return choice.sparse && p.format ? `${choice.why}, ${p.format}` : choice.why;
}
