import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import type { HostTensor } from '../../../core/engines/engine';
import type { ModelPrecision, ModelPreset } from '../../../core/api/names';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { generateBert } from '../../../core/model/generate/bert';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { expectBuiltinMatchesOrt } from './ort-match';

/**
 * SparseScope's generated BERTs after onnxruntime's own optimizer (graph optimization level
 * `all`, saved with optimizedModelFilePath): the fused graphs, with their com.microsoft ops,
 * run on builtin and match onnxruntime — FP32 and both INT8 forms, dense and 90% sparse.
 */

beforeAll(ensureWasm, 120_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-fused-'));
const SLOW = process.env.SPARSESCOPE_SLOW === '1';
const PRESETS: ModelPreset[] = SLOW ? ['tiny', 'mini', 'small'] : ['tiny'];
if (!SLOW)
  console.log(
    'builtin fused-model tests: mini and small presets skipped (minutes on 2 cores); set SPARSESCOPE_SLOW=1 to run them',
  );

/** The generated model and onnxruntime's fused version of it; returns the fused file. */
async function fusedModel(
  preset: ModelPreset,
  precision: ModelPrecision,
  sparsity: number,
  into = dir,
): Promise<{ plain: string; fused: string }> {
  const plain = path.join(into, `${preset}-${precision}-${sparsity}.onnx`);
  const fused = path.join(into, `${preset}-${precision}-${sparsity}-ort-all.onnx`);
  writeFileSync(
    plain,
    writeOnnx(generateBert({ ...BERT_PRESETS[preset], precision, sparsity, seed: 5 })),
  );
  const s = await InferenceSession.create(plain, {
    graphOptimizationLevel: 'all',
    optimizedModelFilePath: fused,
  });
  await s.release();
  return { plain, fused };
}

function contribOps(file: string): string[] {
  const m = readOnnx(new Uint8Array(readFileSync(file)), file);
  return [
    ...new Set(m.graph.nodes.filter((n) => n.domain === 'com.microsoft').map((n) => n.opType)),
  ].sort();
}

describe.each(PRESETS)('onnxruntime-optimized (all) %s BERT: builtin vs onnxruntime', (preset) => {
  for (const precision of ['fp32', 'int8-qdq', 'int8-dynamic'] as const)
    for (const sparsity of [0, 0.9])
      it(
        `${precision}, sparsity ${sparsity}`,
        async () => {
          const { fused } = await fusedModel(preset, precision, sparsity);
          const ops = contribOps(fused);
          // What ORT 1.30's optimizer fuses in these graphs (the test fails if that changes,
          // so the list of ops exercised here stays true).
          expect(ops).toEqual(
            precision === 'fp32'
              ? ['BiasGelu', 'FusedMatMul']
              : precision === 'int8-qdq'
                ? ['BiasGelu', 'FusedMatMul', 'MatMulIntegerToFloat']
                : ['DynamicQuantizeMatMul', 'FusedMatMul', 'Gelu', 'MatMulIntegerToFloat'],
          );
          await expectBuiltinMatchesOrt(fused, precision, sparsity);
        },
        SLOW ? 600_000 : 60_000,
      );
});

/** The plan's steps as `opType/impl`, sorted (profiled, so nodeTimes lists every step). */
async function planSteps(file: string): Promise<string[]> {
  const m = readOnnx(new Uint8Array(readFileSync(file)), file);
  const s = createBuiltinSession(m, { threads: 1, sparseRate: 0.5, profile: true });
  const big = (xs: number[]) => BigInt64Array.from(xs, (x) => BigInt(x));
  const dims = [1, 16];
  const feeds: Record<string, HostTensor> = {
    input_ids: { dtype: 'int64', dims, data: big(Array.from({ length: 16 }, (_, i) => i * 7)) },
    attention_mask: { dtype: 'int64', dims, data: big(Array<number>(16).fill(1)) },
    token_type_ids: { dtype: 'int64', dims, data: big(Array<number>(16).fill(0)) },
  };
  await s.run(feeds);
  const steps = s.nodeTimes().map((t) => `${t.opType}/${t.kernel.impl}`);
  await s.close();
  // ORT slices the position table where the generator gathers a Range: one shape-only step.
  return steps.filter((x) => !/^(Range|Slice|Unsqueeze|Gather)\//.test(x)).sort();
}

describe('ORT-optimized graphs plan the same kernels as the graph they came from', () => {
  for (const precision of ['fp32', 'int8-qdq'] as const)
    it(`tiny ${precision}, 90% sparse: the same steps (attention and epilogues fused again)`, async () => {
      const { plain, fused } = await fusedModel('tiny', precision, 0.9);
      const a = await planSteps(plain),
        b = await planSteps(fused);
      expect(b).toEqual(a);
      expect(b).toContain('Attention/attention');
    });

  it('tiny int8-dynamic: the dynamically quantized products run as one int8 kernel each', async () => {
    const { plain, fused } = await fusedModel('tiny', 'int8-dynamic', 0.9);
    const a = await planSteps(plain);
    expect(a.filter((x) => x.startsWith('MatMulIntegerToFloat/')).length).toBe(12);
    expect(a.filter((x) => /^(MatMulInteger|Cast|Mul)\//.test(x)).length).toBeLessThanOrEqual(2);
    // ORT's graph has the same products (as DynamicQuantizeMatMul or MatMulIntegerToFloat).
    const b = await planSteps(fused);
    const products = (xs: string[]) =>
      xs.filter((x) => /^(MatMulIntegerToFloat|DynamicQuantizeMatMul)\//.test(x)).length;
    expect(products(b)).toBe(products(a));
  });
});
