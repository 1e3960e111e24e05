import { expect } from 'vitest';
import { compareEngines } from '../../../core/bench/engine-compare';
import type { ModelPrecision } from '../../../core/api/names';

/**
 * A generated BERT (or onnxruntime's fused version of it) on builtin against onnxruntime:
 * batch 2, seq 32, sparse packing from 50% — last_hidden_state within 1e-3 (FP32) or cosine
 * ≥ 0.999 (INT8), and the notes saying sparse or dense as the weights' sparsity asks.
 */
export async function expectBuiltinMatchesOrt(
  file: string,
  precision: ModelPrecision,
  sparsity: number,
): Promise<void> {
  const r = await compareEngines(file, ['builtin', 'ort'], {
    seq: 32,
    batch: 2,
    sparseRate: 0.5,
    atol: 1e-3,
  });
  const d = r.diffs.find((x) => x.name === 'last_hidden_state')!;
  expect(d.problem).toBeNull();
  const kind = precision === 'fp32' ? 'fp32' : 'int8';
  // int8 at 80% on native tiers: most 4-row groups hold a nonzero and the dense
  // kernel is kept, saying so.
  const denseOnPurpose = /dense int8 \(\d+% of 4-row groups/.test(r.notes.builtin!.join('\n'));
  expect(r.notes.builtin!.join('\n')).toContain(
    sparsity >= 0.5 && !(kind === 'int8' && sparsity < 0.9 && denseOnPurpose)
      ? `sparse ${kind}`
      : `dense ${kind}`,
  );
  if (precision === 'fp32') expect(d.maxAbs).toBeLessThanOrEqual(1e-3);
  // INT8: both engines accumulate exactly in int32, but a 1-ulp float difference before
  // a QuantizeLinear/DynamicQuantizeLinear can move a value across a rounding boundary
  // (one quantization step) and that propagates, so bitwise agreement is not promised.
  else expect(d.cosine).toBeGreaterThanOrEqual(0.999);
}
