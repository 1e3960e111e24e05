import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import type { ModelArchitecture, ModelPrecision } from '../../../core/api/names';
import { generateModelDetailed } from '../../../core/model/generate/architectures';
import type { BertShape } from '../../../core/model/generate/bert-options';
import { makeFeeds } from '../../../core/model/feeds';
import { graphFacts } from '../../../core/model/input-facts';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { expectBuiltinMatchesOrt } from './ort-match';

/**
 * The generator's other architectures on builtin against onnxruntime: GPT-2-style blocks
 * (in-graph causal mask, past/present KV cache) with a cached past and with none, and the
 * BERT whose dense layers are keras/tf2onnx Tensordot patterns — dense and 90% sparse,
 * FP32 and both INT8 forms.
 */

beforeAll(ensureWasm, 120_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-architectures-'));

/** Small enough for the whole matrix to run in seconds; wide enough for sparse packing. */
const SHAPE: BertShape = {
  layers: 2,
  hidden: 64,
  heads: 2,
  intermediate: 256,
  vocab: 300,
  maxSeq: 64,
};
const PRECISIONS: ModelPrecision[] = ['fp32', 'int8-qdq', 'int8-dynamic'];
const PAST = 7;

function modelFile(arch: ModelArchitecture, precision: ModelPrecision, sparsity: number) {
  const g = generateModelDetailed(arch, { ...SHAPE, precision, sparsity, seed: 3 });
  const file = path.join(dir, `${arch}-${precision}-${sparsity}.onnx`);
  writeFileSync(file, writeOnnx(g.model));
  return { file, g };
}

const GPT2_OUTPUTS = [
  'logits',
  ...Array.from({ length: SHAPE.layers }, (_, l) => [
    `present.${l}.key`,
    `present.${l}.value`,
  ]).flat(),
];

const CASES: { arch: ModelArchitecture; label: string; past?: number; outputs: string[] }[] = [
  { arch: 'gpt2', label: `GPT-2, past ${PAST}`, past: PAST, outputs: GPT2_OUTPUTS },
  { arch: 'gpt2', label: 'GPT-2, past 0 (default for past_sequence)', outputs: GPT2_OUTPUTS },
  { arch: 'bert-tensordot', label: 'Tensordot BERT', outputs: ['last_hidden_state'] },
];

/** Worst figure per case, printed once so a run shows how close the engines are. */
const summary: string[] = [];
afterAll(() =>
  console.log(`builtin vs onnxruntime on generated architectures:\n${summary.join('\n')}`),
);

describe.each(CASES)('$label: builtin vs onnxruntime', ({ arch, label, past, outputs }) => {
  for (const precision of PRECISIONS)
    for (const sparsity of [0, 0.9])
      it(`${precision}, sparsity ${sparsity}`, async () => {
        const { file } = modelFile(arch, precision, sparsity);
        const r = await expectBuiltinMatchesOrt(file, precision, sparsity, {
          outputs,
          ...(past !== undefined ? { dims: { past_sequence: past } } : {}),
        });
        if (arch === 'gpt2') {
          // The feeds really had the past length asked for (0 is the feeds' default).
          const present = r.diffs.find((d) => d.name === 'present.0.key')!;
          expect(present.dims).toEqual([
            2,
            SHAPE.heads,
            (past ?? 0) + 32,
            SHAPE.hidden / SHAPE.heads,
          ]);
          if (past === undefined)
            expect(r.notes.feeds?.join('\n')).toMatch(/past_sequence" set to 0/);
        }
        const worst = r.diffs.reduce((w, d) => (d.maxAbs > w.maxAbs ? d : w));
        const minCos = Math.min(...r.diffs.map((d) => d.cosine));
        summary.push(
          `  ${label}, ${precision}, sparsity ${sparsity}: max|Δ| ${worst.maxAbs.toExponential(2)} (${worst.name}), min cosine ${minCos.toFixed(6)}`,
        );
      }, 60_000);
});

/** Plan steps that multiply by a packed constant weight, by kernel: dense or sparse. */
async function productKernels(
  arch: ModelArchitecture,
  precision: ModelPrecision,
  sparsity: number,
): Promise<{ impls: Record<string, number>; linears: number }> {
  const { g } = modelFile(arch, precision, sparsity);
  const s = createBuiltinSession(g.model, { threads: 1, sparseRate: 0.5, profile: true });
  const feeds = makeFeeds(graphFacts(g.model), {
    batch: 1,
    seq: 9,
    seed: 1,
    dims: arch === 'gpt2' ? { past_sequence: 3 } : {},
  });
  await s.run(feeds);
  const impls: Record<string, number> = {};
  for (const t of s.nodeTimes())
    if (t.kernel.impl === 'dense' || t.kernel.impl === 'sparse')
      impls[t.kernel.impl] = (impls[t.kernel.impl] ?? 0) + 1;
  await s.close();
  return { impls, linears: g.linears.length };
}

describe('every linear weight is packed: sparse at 90%, dense at 0%', () => {
  for (const arch of ['gpt2', 'bert-tensordot'] as const)
    for (const precision of ['fp32', 'int8-qdq'] as const)
      it(`${arch}, ${precision}`, async () => {
        const sparse = await productKernels(arch, precision, 0.9);
        expect(sparse.impls).toEqual({ sparse: sparse.linears });
        const dense = await productKernels(arch, precision, 0);
        expect(dense.impls).toEqual({ dense: dense.linears });
      }, 60_000);
});
