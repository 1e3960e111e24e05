import { describe, expect, it } from 'vitest';
import { generateBert, generateBertDetailed } from '../../../core/model/generate/bert';
import {
  BERT_PRESETS,
  bertParamCount,
  resolveBertOptions,
} from '../../../core/model/generate/bert-options';
import { Prng } from '../../../core/util/prng';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { pruneSmallest } from '../../../core/model/transforms/magnitude-prune';
import { quantizePerChannel } from '../../../core/model/transforms/quantize-weights';
import { UserError } from '../../../core/api/errors';
import { differenceOf } from '../../../core/model/transforms/output-diff';
import { runBert, session, tokenIds } from './bert-helpers';

const tiny = BERT_PRESETS.tiny;

describe('generator determinism', () => {
  it('same options give identical bytes; another seed gives other bytes', () => {
    for (const precision of ['fp32', 'int8-qdq', 'int8-dynamic'] as const) {
      const a = writeOnnx(generateBert({ ...tiny, precision, sparsity: 0.8, seed: 3 }));
      const b = writeOnnx(generateBert({ ...tiny, precision, sparsity: 0.8, seed: 3 }));
      const c = writeOnnx(generateBert({ ...tiny, precision, sparsity: 0.8, seed: 4 }));
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
    }
  });

  it('the PRNG gives a fixed sequence for a seed, and normals() matches normal()', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const bulk = a.normals(1001, 1);
    for (let i = 0; i < 1001; i++) expect(bulk[i]).toBe(Math.fround(b.normal()));
    expect(a.normal()).toBe(b.normal());
    const big = new Prng(1).normals(200_000, 0.02);
    let sum = 0;
    let sq = 0;
    for (const v of big) {
      sum += v;
      sq += v * v;
    }
    expect(Math.abs(sum / big.length)).toBeLessThan(5e-4);
    expect(Math.sqrt(sq / big.length)).toBeCloseTo(0.02, 3);
  });
});

describe('generator options', () => {
  it('reports parameters and per-linear sparsity', () => {
    const g = generateBertDetailed({ ...tiny, sparsity: 0.5 });
    expect(g.params).toBe(bertParamCount(g.options));
    let counted = 0;
    for (const t of g.model.graph.initializers.values())
      counted += t.dims.reduce((n, d) => n * d, 1);
    // Initializers = parameters + a handful of small constants (shapes, scalars).
    expect(counted - g.params).toBeGreaterThanOrEqual(0);
    expect(counted - g.params).toBeLessThan(20);
    expect(g.linears).toHaveLength(12);
    for (const l of g.linears) expect(l.sparsity).toBeCloseTo(0.5, 3);
  });

  it('refuses bad options with a UserError naming the field', () => {
    const bad = [
      { ...tiny, heads: 3 },
      { ...tiny, sparsity: 1 },
      { ...tiny, sparsity: -0.1 },
      { ...tiny, layers: 0 },
      { ...tiny, hidden: 64.5 },
      { ...tiny, precision: 'int4' as 'fp32' },
      { ...tiny, vocab: 3_000_000 },
      { ...BERT_PRESETS.large, layers: 64 }, // > 2 GiB of weights
    ];
    for (const opts of bad) expect(() => resolveBertOptions(opts)).toThrow(UserError);
    expect(() => resolveBertOptions({ ...tiny, heads: 3 })).toThrow(/divisible by heads/);
  });

  it('uses standard opset-17 ops only and Hugging Face input/output names', () => {
    const m = generateBert({ ...tiny, precision: 'int8-dynamic' });
    expect(m.opsets).toEqual({ '': 17 });
    expect(m.graph.nodes.every((n) => n.domain === '')).toBe(true);
    expect(m.graph.inputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([
      ['input_ids', 'int64', ['batch', 'sequence']],
      ['attention_mask', 'int64', ['batch', 'sequence']],
      ['token_type_ids', 'int64', ['batch', 'sequence']],
    ]);
    expect(m.graph.outputs).toEqual([
      { name: 'last_hidden_state', dtype: 'float32', shape: ['batch', 'sequence', 64] },
    ]);
  });
});

describe('magnitude pruning', () => {
  it('zeroes exactly k smallest magnitudes, ties broken by position', () => {
    const a = Float32Array.from([0.5, -0.1, 0.1, 0.3, -0.1, 2, 0.1]);
    expect(pruneSmallest([a], 3)).toEqual([3]);
    // |0.1| occurs four times; the first three by index go.
    expect(Array.from(a)).toEqual([0.5, 0, 0, 0.30000001192092896, 0, 2, Math.fround(0.1)]);
  });

  it('global scope shares one threshold across arrays', () => {
    const small = Float32Array.from([0.01, 0.02, 0.03, 0.04]);
    const large = Float32Array.from([1, 2, 3, 4]);
    expect(pruneSmallest([small, large], 5)).toEqual([4, 1]);
  });

  it('matches a sort-based reference on random data', () => {
    const rng = new Prng(9);
    const w = rng.normals(10_000, 1);
    const order = [...w.keys()].sort((i, j) => Math.abs(w[i]!) - Math.abs(w[j]!) || i - j);
    const copy = Float32Array.from(w);
    pruneSmallest([copy], 3_141);
    const expected = new Set(order.slice(0, 3_141));
    for (let i = 0; i < w.length; i++) expect(copy[i] === 0).toBe(expected.has(i));
  });
});

describe('int8 per-channel quantisation', () => {
  it('keeps zeros zero and non-zeros non-zero, per output column', () => {
    // [2, 3]: column 0 tiny next to a large value, column 2 all zero.
    const w = Float32Array.from([1e-4, 0, 0, 1, -0.5, 0]);
    const { q, scales } = quantizePerChannel(w, 2, 3, 1);
    expect(Array.from(q)).toEqual([1, 0, 0, 127, -127, 0]);
    expect(scales[0]).toBeCloseTo(1 / 127, 7);
    expect(scales[1]).toBeCloseTo(0.5 / 127, 7);
    expect(scales[2]).toBe(1);
  });
});

describe('int8 variants against FP32', () => {
  it.each(['int8-qdq', 'int8-dynamic'] as const)(
    '%s stays close to the FP32 model with the same seed (fixed QDQ ranges are adequate)',
    async (precision) => {
      const ids = tokenIds(16, tiny.vocab);
      const outputs: Float32Array[] = [];
      for (const p of ['fp32', precision] as const) {
        const s = await session(writeOnnx(generateBert({ ...tiny, precision: p, sparsity: 0.9 })));
        outputs.push((await runBert(s, ids)).data);
        await s.release();
      }
      expect(differenceOf('y', outputs[0]!, outputs[1]!).cosine).toBeGreaterThan(0.999);
    },
  );
});
