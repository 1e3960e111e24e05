import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { generateBert } from '../../../core/model/generate/bert';
import type { BertShape } from '../../../core/model/generate/bert-options';
import { generateModelDetailed } from '../../../core/model/generate/architectures';
import { gpt2ParamCount, pastName, presentName } from '../../../core/model/generate/gpt2';
import { pruneModel } from '../../../core/model/transforms/prune';
import { quantizeModel } from '../../../core/model/transforms/quantize';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { linearWeights, runBert, session, tokenIds } from './bert-helpers';

const SHAPE: BertShape = {
  layers: 2,
  hidden: 32,
  heads: 4,
  intermediate: 128,
  vocab: 97,
  maxSeq: 32,
};
const HEAD = SHAPE.hidden / SHAPE.heads;

type Feeds = Record<string, ort.Tensor>;

/** GPT-2 feeds: token ids and each layer's cache (empty, or the presents of an earlier run). */
function gpt2Feeds(ids: number[], past?: ort.InferenceSession.OnnxValueMapType): Feeds {
  const feeds: Feeds = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
  };
  for (let l = 0; l < SHAPE.layers; l++)
    for (const kv of ['key', 'value'] as const)
      feeds[pastName(l, kv)] =
        (past?.[presentName(l, kv)] as ort.Tensor | undefined) ??
        new ort.Tensor('float32', new Float32Array(0), [1, SHAPE.heads, 0, HEAD]);
  return feeds;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('generated GPT-2 decoder (onnxruntime as the reference)', () => {
  const g = generateModelDetailed('gpt2', { ...SHAPE, seed: 11 });

  it('has the optimum-style inputs and outputs, counts its parameters and is deterministic', () => {
    expect(g.model.graph.inputs.map((i) => i.name)).toEqual([
      'input_ids',
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(g.model.graph.inputs[1]!.shape).toEqual(['batch', 4, 'past_sequence', 8]);
    expect(g.model.graph.outputs.map((o) => o.name)).toEqual([
      'logits',
      'present.0.key',
      'present.0.value',
      'present.1.key',
      'present.1.value',
    ]);
    expect(g.params).toBe(gpt2ParamCount(SHAPE));
    let counted = 0;
    for (const t of g.model.graph.initializers.values())
      counted += t.dims.reduce((n, d) => n * d, 1);
    expect(counted - g.params).toBeGreaterThanOrEqual(0);
    expect(counted - g.params).toBeLessThan(30);
    expect(g.linears.map((l) => l.name)).toEqual([
      'h0/attn/c_attn',
      'h0/attn/c_proj',
      'h0/mlp/c_fc',
      'h0/mlp/c_proj',
      'h1/attn/c_attn',
      'h1/attn/c_proj',
      'h1/mlp/c_fc',
      'h1/mlp/c_proj',
      'lm_head',
    ]);
    expect(g.options).not.toHaveProperty('typeVocab');
    const again = writeOnnx(generateModelDetailed('gpt2', { ...SHAPE, seed: 11 }).model);
    const other = writeOnnx(generateModelDetailed('gpt2', { ...SHAPE, seed: 12 }).model);
    expect(Buffer.from(again).equals(Buffer.from(writeOnnx(g.model)))).toBe(true);
    expect(Buffer.from(again).equals(Buffer.from(other))).toBe(false);
    const ops = new Set(g.model.graph.nodes.map((n) => n.opType));
    for (const op of ['Trilu', 'Where', 'Concat', 'Split', 'Tanh', 'Pow', 'Range'])
      expect(ops).toContain(op);
  });

  it('is causal: changing the last token changes only the last position', async () => {
    const s = await session(writeOnnx(g.model));
    const ids = tokenIds(10, SHAPE.vocab);
    const a = (await s.run(gpt2Feeds(ids))).logits!.data as Float32Array;
    const changed = [...ids.slice(0, -1), (ids.at(-1)! + 1) % SHAPE.vocab];
    const b = (await s.run(gpt2Feeds(changed))).logits!.data as Float32Array;
    const firstNine = 9 * SHAPE.vocab;
    expect(maxAbsDiff(a.subarray(0, firstNine), b.subarray(0, firstNine))).toBeLessThan(1e-6);
    expect(maxAbsDiff(a.subarray(firstNine), b.subarray(firstNine))).toBeGreaterThan(1e-4);
    await s.release();
  });

  it('decoding with the cache gives the logits and presents of one run over all tokens', async () => {
    const s = await session(writeOnnx(g.model));
    const ids = tokenIds(12, SHAPE.vocab, 1);
    const whole = await s.run(gpt2Feeds(ids));
    const first = await s.run(gpt2Feeds(ids.slice(0, 8)));
    const rest = await s.run(gpt2Feeds(ids.slice(8), first));
    expect(rest[presentName(1, 'key')]!.dims).toEqual([1, SHAPE.heads, 12, HEAD]);
    const tail = (whole.logits!.data as Float32Array).subarray(8 * SHAPE.vocab);
    expect(maxAbsDiff(rest.logits!.data as Float32Array, tail)).toBeLessThan(1e-5);
    for (const l of [0, 1])
      for (const kv of ['key', 'value'] as const) {
        const name = presentName(l, kv);
        expect(
          maxAbsDiff(rest[name]!.data as Float32Array, whole[name]!.data as Float32Array),
        ).toBeLessThan(1e-5);
      }
    await s.release();
  });

  it('INT8 and 90% sparse: every linear weight pruned and quantised; onnxruntime runs it', async () => {
    const ids = tokenIds(6, SHAPE.vocab, 2);
    for (const precision of ['int8-qdq', 'int8-dynamic'] as const) {
      const q = generateModelDetailed('gpt2', { ...SHAPE, seed: 11, precision, sparsity: 0.9 });
      const weights = linearWeights(q.model);
      expect(weights).toHaveLength(9);
      for (const w of weights) {
        expect(w.dtype).toBe('int8');
        expect(w.zeros / w.values.length).toBeCloseTo(0.9, 3);
      }
      const s = await session(writeOnnx(q.model));
      const logits = (await s.run(gpt2Feeds(ids))).logits!;
      expect(logits.dims).toEqual([1, 6, SHAPE.vocab]);
      expect((logits.data as Float32Array).every(Number.isFinite)).toBe(true);
      await s.release();
    }
  });

  it("the prune and quantize transforms find all of GPT-2's linear weights", () => {
    const pruned = pruneModel(g.model, { sparsity: 0.9, scope: 'per-layer' });
    expect(pruned.weights.map((w) => w.dims)).toEqual(
      g.linears.map((l) => [l.inFeatures, l.outFeatures]),
    );
    const q = quantizeModel(pruned.model, { mode: 'dynamic' });
    expect(q.weights).toHaveLength(9);
    expect(q.skipped).toEqual([]);
  });
});

describe('generated Tensordot BERT', () => {
  const opts = { ...SHAPE, seed: 4 };

  it('writes every dense layer as tf2onnx writes a keras Tensordot', () => {
    const g = generateModelDetailed('bert-tensordot', opts);
    const nodes = g.model.graph.nodes;
    const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    const linearMatMuls = nodes.filter(
      (n) => n.opType === 'MatMul' && g.model.graph.initializers.has(n.inputs[1]!),
    );
    expect(linearMatMuls).toHaveLength(12);
    for (const m of linearMatMuls) {
      expect(producer.get(m.inputs[0]!)!.opType).toBe('Reshape');
      const back = nodes.find((n) => n.inputs[0] === m.outputs[0])!;
      expect(back.opType).toBe('Reshape');
      expect(producer.get(back.inputs[1]!)!.opType).toBe('Cast');
    }
    const count = (op: string) => nodes.filter((n) => n.opType === op).length;
    expect(count('ReduceProd')).toBe(12);
    expect(count('Shape')).toBe(13); // one per dense layer, one for the position ids
    expect(g.model.metadata['sparsescope.generator']).toBe('bert-tensordot');
  });

  it('computes what the plain BERT with the same weights computes (FP32 and INT8)', async () => {
    for (const precision of ['fp32', 'int8-qdq', 'int8-dynamic'] as const) {
      const plain = await session(writeOnnx(generateBert({ ...opts, precision, sparsity: 0.5 })));
      const td = await session(
        writeOnnx(
          generateModelDetailed('bert-tensordot', { ...opts, precision, sparsity: 0.5 }).model,
        ),
      );
      const ids = [tokenIds(9, SHAPE.vocab), tokenIds(9, SHAPE.vocab, 3)];
      const a = await runBert(plain, ids);
      const b = await runBert(td, ids);
      expect(b.dims).toEqual([2, 9, SHAPE.hidden]);
      expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-5);
      await plain.release();
      await td.release();
    }
  });

  it('leaves the plain generator untouched: architecture bert gives generateBert bytes', () => {
    for (const precision of ['fp32', 'int8-qdq', 'int8-dynamic'] as const) {
      const a = writeOnnx(generateBert({ ...opts, precision, sparsity: 0.9 }));
      const b = writeOnnx(
        generateModelDetailed('bert', { ...opts, precision, sparsity: 0.9 }).model,
      );
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
  });
});
