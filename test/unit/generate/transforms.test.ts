import { describe, expect, it } from 'vitest';
import { generateBert } from '../../../core/model/generate/bert';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { attr, GraphBuilder } from '../../../core/model/generate/graph-builder';
import { Prng } from '../../../core/util/prng';
import type { GraphModel } from '../../../core/model/graph';
import { tensorToArray } from '../../../core/model/tensor';
import { calibrateActivations } from '../../../core/model/transforms/calibrate';
import { compareWithOriginal } from '../../../core/model/transforms/compare-safely';
import { pruneModel } from '../../../core/model/transforms/prune';
import { quantizeModel } from '../../../core/model/transforms/quantize';
import { sampleFeeds } from '../../../core/model/transforms/sample-feeds';
import { UserError } from '../../../core/api/errors';
import { linearWeights, roundTrip } from './bert-helpers';

const tiny = BERT_PRESETS.tiny;

/** x[1, 8] → Gemm(transB, alpha, beta, bias) → MatMul → y: the non-BERT layouts. */
function gemmModel(): GraphModel {
  const rng = new Prng(5);
  const b = new GraphBuilder();
  const x = b.reserve('x');
  const w1 = b.constant('w1', 'float32', [4, 8], rng.normals(32, 0.5));
  const c1 = b.constant('c1', 'float32', [4], rng.normals(4, 0.5));
  const h = b.op('Gemm', 'gemm', [x, w1, c1], {
    transB: attr.int(1),
    alpha: attr.float(0.5),
    beta: attr.float(2),
  });
  const w2 = b.constant('w2', 'float32', [4, 3], rng.normals(12, 0.5));
  const y = b.op('MatMul', 'matmul', [h, w2]);
  b.renameOutput(y, 'y');
  return b.build({
    name: 'gemm',
    inputs: [{ name: 'x', dtype: 'float32', shape: [1, 8] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: [1, 3] }],
    metadata: {},
    producerVersion: 'test',
  });
}

describe('pruneModel', () => {
  it('per-layer: every weight reaches the target exactly; the original is untouched', async () => {
    const { model } = roundTrip(generateBert(tiny));
    const result = pruneModel(model, { sparsity: 0.7, scope: 'per-layer' });
    expect(result.weights).toHaveLength(12);
    for (const w of result.weights) {
      expect(w.before).toBe(0);
      expect(Math.abs(w.after - 0.7)).toBeLessThan(1 / 4096);
    }
    for (const w of linearWeights(roundTrip(result.model).model)) {
      expect(Math.abs(w.zeros / w.values.length - 0.7)).toBeLessThan(1 / 4096);
    }
    for (const w of linearWeights(model)) expect(w.zeros).toBe(0);
    const cmp = await compareWithOriginal(model, result.model, { seed: 1 });
    expect(cmp.ok).toBe(true);
    if (cmp.ok) {
      expect(cmp.differences[0]!.maxAbs).toBeGreaterThan(0);
      expect(cmp.differences[0]!.cosine).toBeGreaterThan(0.9);
    }
  });

  it('global: one threshold, overall sparsity exact, layers differ', () => {
    const model = generateBert(tiny);
    const result = pruneModel(model, { sparsity: 0.6, scope: 'global' });
    const total = result.weights.reduce((n, w) => n + w.dims[0]! * w.dims[1]!, 0);
    expect(Math.abs(result.overall - 0.6)).toBeLessThanOrEqual(1 / total);
    // BERT-init weights share one scale, so per-layer values stay near the target but vary.
    expect(new Set(result.weights.map((w) => w.after.toFixed(6))).size).toBeGreaterThan(1);
  });

  it('handles Gemm with transB and refuses bad options or weightless models', () => {
    const result = pruneModel(gemmModel(), { sparsity: 0.5, scope: 'per-layer' });
    expect(result.weights.map((w) => [w.name, w.after])).toEqual([
      ['w1', 0.5],
      ['w2', 0.5],
    ]);
    expect(() => pruneModel(gemmModel(), { sparsity: 1.5, scope: 'global' })).toThrow(UserError);
    expect(() => pruneModel(gemmModel(), { sparsity: 0.5, scope: 'rows' as 'global' })).toThrow(
      UserError,
    );
    const quantized = quantizeModel(generateBert(tiny), { mode: 'dynamic' }).model;
    expect(() => pruneModel(quantized, { sparsity: 0.5, scope: 'global' })).toThrow(
      /no constant FP32/,
    );
  });
});

describe('quantizeModel', () => {
  it.each(['qdq', 'dynamic'] as const)(
    '%s keeps the sparsity pattern and stays close to FP32',
    async (mode) => {
      const pruned = pruneModel(generateBert(tiny), { sparsity: 0.8, scope: 'per-layer' }).model;
      const fp32 = linearWeights(pruned);
      const activationRanges =
        mode === 'qdq'
          ? await calibrateActivations(pruned, sampleFeeds(pruned, { seed: 2 }))
          : undefined;
      const result = quantizeModel(pruned, {
        mode,
        ...(activationRanges ? { activationRanges } : {}),
      });
      if (mode === 'qdq')
        expect(result.quantizedActivations.length).toBe(6 * tiny.layers - 2 * tiny.layers);
      const int8 = linearWeights(roundTrip(result.model).model);
      expect(int8).toHaveLength(fp32.length);
      for (let i = 0; i < fp32.length; i++) {
        expect(int8[i]!.dtype).toBe('int8');
        let mismatched = 0;
        for (let j = 0; j < fp32[i]!.values.length; j++) {
          if ((int8[i]!.values[j] === 0) !== (fp32[i]!.values[j] === 0)) mismatched++;
        }
        expect(mismatched).toBe(0);
      }
      // No FP32 copy of a quantised weight is left behind.
      expect(
        [...result.model.graph.initializers.values()].some(
          (t) => t.dtype === 'float32' && t.dims[0] === 64 && t.dims[1] === 256,
        ),
      ).toBe(false);
      const cmp = await compareWithOriginal(pruned, result.model, { seed: 3 });
      expect(cmp.ok && cmp.differences[0]!.cosine).toBeGreaterThan(0.999);
    },
  );

  it.each(['qdq', 'dynamic'] as const)(
    '%s handles Gemm (transB, alpha, beta) and MatMul',
    async (mode) => {
      const model = gemmModel();
      const activationRanges =
        mode === 'qdq' ? await calibrateActivations(model, sampleFeeds(model)) : undefined;
      const result = quantizeModel(model, {
        mode,
        ...(activationRanges ? { activationRanges } : {}),
      });
      expect(result.weights.map((w) => w.name)).toEqual(['w1', 'w2']);
      expect(result.skipped).toEqual([]);
      // Calibrated on one 8-value sample, compared on another: values beyond the calibrated
      // range clip, so QDQ is a little further off than dynamic here.
      const cmp = await compareWithOriginal(model, result.model, { seed: 4 });
      expect(cmp.ok && cmp.differences[0]!.cosine).toBeGreaterThan(0.99);
      const w1 = tensorToArray(model.graph.initializers.get('w1')!);
      expect(w1).toHaveLength(32); // the original model keeps its FP32 weights
    },
  );

  it('refuses an old opset and an unknown mode', () => {
    const old = { ...gemmModel(), opsets: { '': 11 } };
    expect(() => quantizeModel(old, { mode: 'qdq' })).toThrow(/opset 13/);
    expect(() => quantizeModel(gemmModel(), { mode: 'int4' as 'qdq' })).toThrow(UserError);
  });
});

describe('sampleFeeds', () => {
  it('token ids below the vocabulary, mask ones, type ids zeros, deterministic', () => {
    const model = generateBert(tiny);
    const feeds = sampleFeeds(model, { seed: 1, seq: 12 });
    const ids = feeds.input_ids!.data as BigInt64Array;
    expect(feeds.input_ids!.dims).toEqual([1, 12]);
    expect([...ids].every((v) => v >= 0n && v < BigInt(tiny.vocab))).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(1);
    expect([...(feeds.attention_mask!.data as BigInt64Array)].every((v) => v === 1n)).toBe(true);
    expect([...(feeds.token_type_ids!.data as BigInt64Array)].every((v) => v === 0n)).toBe(true);
    expect(sampleFeeds(model, { seed: 1, seq: 12 }).input_ids!.data).toEqual(ids);
    const f = sampleFeeds(gemmModel()).x!;
    expect(f.dims).toEqual([1, 8]);
    expect(f.data).toBeInstanceOf(Float32Array);
  });
});

describe('sampleFeeds on a short generated model', () => {
  it('never feeds more tokens than the model has positions', () => {
    const model = generateBert({ ...tiny, maxSeq: 4 });
    expect(sampleFeeds(model, { seq: 16 }).input_ids!.dims).toEqual([1, 4]);
  });
});
