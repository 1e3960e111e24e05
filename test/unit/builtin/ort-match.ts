import { expect } from 'vitest';
import { compareEngines, type CompareResult } from '../../../core/bench/engine-compare';
import type { ModelPrecision } from '../../../core/api/names';

/** What else a model needs compared: its outputs and sizes of symbolic dims (past lengths). */
export interface OrtMatchOptions {
  /** Outputs that must be produced and match; default last_hidden_state. */
  outputs?: string[];
  dims?: Record<string, number>;
}

/**
 * A generated model (or onnxruntime's fused version of it) on builtin against onnxruntime:
 * batch 2, seq 32, sparse packing from 50% — every named output (default last_hidden_state)
 * within 1e-3 (FP32) or cosine ≥ 0.999 (INT8), and the notes saying sparse or dense as the
 * weights' sparsity asks. Returns the comparison for callers that report or check more.
 */
export async function expectBuiltinMatchesOrt(
  file: string,
  precision: ModelPrecision,
  sparsity: number,
  o: OrtMatchOptions = {},
): Promise<CompareResult> {
  const r = await compareEngines(file, ['builtin', 'ort'], {
    seq: 32,
    batch: 2,
    sparseRate: 0.5,
    atol: 1e-3,
    ...(o.dims ? { dims: o.dims } : {}),
  });
  const kind = precision === 'fp32' ? 'fp32' : 'int8';
  // int8 at 80% on native tiers: most 4-row groups hold a nonzero and the dense
  // kernel is kept, saying so.
  const denseOnPurpose = /dense int8 \(\d+% of 4-row groups/.test(r.notes.builtin!.join('\n'));
  expect(r.notes.builtin!.join('\n')).toContain(
    sparsity >= 0.5 && !(kind === 'int8' && sparsity < 0.9 && denseOnPurpose)
      ? `sparse ${kind}`
      : `dense ${kind}`,
  );
  for (const name of o.outputs ?? ['last_hidden_state']) {
    const d = r.diffs.find((x) => x.name === name);
    expect(d, `output ${name}`).toBeDefined();
    expect(d!.problem, `output ${name}`).toBeNull();
    if (precision === 'fp32') expect(d!.maxAbs, `output ${name}`).toBeLessThanOrEqual(1e-3);
    // INT8: both engines accumulate exactly in int32, but a 1-ulp float difference before
    // a QuantizeLinear/DynamicQuantizeLinear can move a value across a rounding boundary
    // (one quantization step) and that propagates, so bitwise agreement is not promised.
    else expect(d!.cosine, `output ${name}`).toBeGreaterThanOrEqual(0.999);
  }
  return r;
}
