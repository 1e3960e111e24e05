// The per-preset test matrix (precision × sparsity), shared by one test file per preset so
// vitest can run presets in parallel.
import { describe, expect, it } from 'vitest';
import { generateBert } from '../../../core/model/generate/bert';
import { MODEL_PRECISIONS, type ModelPreset } from '../../../core/api/names';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { linearWeights, maxDiff, roundTrip, runBert, session, tokenIds } from './bert-helpers';

const SEQ = 8;
const MASKED_FROM = 6; // positions 6 and 7 are padding

export function describeBertMatrix(
  preset: ModelPreset,
  options: { sparsities?: number[]; timeoutMs?: number } = {},
): void {
  const { sparsities = [0, 0.8, 0.9], timeoutMs = 60_000 } = options;
  const shape = BERT_PRESETS[preset];
  describe(`generated BERT ${preset}`, () => {
    describe.each([...MODEL_PRECISIONS])('%s', (precision) => {
      it.each(sparsities)(
        'sparsity %s: runs, depends on input, honours the mask, exact sparsity',
        async (sparsity) => {
          const { bytes, model } = roundTrip(
            generateBert({ ...shape, precision, sparsity, seed: 7 }),
          );
          const s = await session(bytes);
          try {
            const ids = tokenIds(SEQ, shape.vocab);
            const base = await runBert(s, ids);
            expect(base.dims).toEqual([1, SEQ, shape.hidden]);
            expect(base.data.every(Number.isFinite)).toBe(true);

            const changed = [...ids];
            changed[0] = (changed[0]! + 1) % shape.vocab;
            const other = await runBert(s, changed);
            expect(maxDiff(base.data, other.data, shape.hidden, 0, SEQ)).toBeGreaterThan(1e-3);

            const mask = ids.map((_, i) => (i < MASKED_FROM ? 1 : 0));
            const padded = await runBert(s, ids, mask);
            const paddedIds = [...ids];
            paddedIds[MASKED_FROM] = (paddedIds[MASKED_FROM]! + 17) % shape.vocab;
            const padded2 = await runBert(s, paddedIds, mask);
            // The mask takes effect at all: unmasked, the padding tokens change the other outputs.
            expect(maxDiff(base.data, padded.data, shape.hidden, 0, MASKED_FROM)).toBeGreaterThan(
              1e-5,
            );
            if (precision === 'int8-dynamic') {
              // DynamicQuantizeLinear takes one scale over the whole tensor, padding included
              // (as ORT's own quantize_dynamic output does), so two separate runs can round
              // differently. In one batch the scale is shared: a row whose padding token differs
              // must then give exactly the outputs of its twin at the unmasked positions.
              const both = await runBert(s, [ids, paddedIds], [mask, mask]);
              const row = SEQ * shape.hidden;
              const twin = both.data.subarray(0, row);
              const changedRow = both.data.subarray(row, 2 * row);
              expect(maxDiff(twin, changedRow, shape.hidden, 0, MASKED_FROM)).toBeLessThanOrEqual(
                1e-5,
              );
              // …and the padding token does reach its own position (it was really changed).
              expect(maxDiff(twin, changedRow, shape.hidden, MASKED_FROM, SEQ)).toBeGreaterThan(
                1e-3,
              );
            } else {
              const leak = maxDiff(padded.data, padded2.data, shape.hidden, 0, MASKED_FROM);
              expect(leak).toBeLessThanOrEqual(1e-5);
            }
          } finally {
            await s.release();
          }

          const weights = linearWeights(model);
          expect(weights).toHaveLength(6 * shape.layers);
          for (const w of weights) {
            expect(w.dtype).toBe(precision === 'fp32' ? 'float32' : 'int8');
            expect(Math.abs(w.zeros / w.values.length - sparsity)).toBeLessThanOrEqual(0.005);
          }
        },
        timeoutMs,
      );
    });
  });
}
