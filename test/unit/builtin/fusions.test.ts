import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { ortEngine } from '../../../core/engines/ort/ort-engine';
import type { HostTensor } from '../../../core/engines/engine';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { generateBert } from '../../../core/model/generate/bert';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';
import { init, io, maxAbsDiff, model, node, rand } from './graph-helpers';

beforeAll(ensureWasm, 180_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-fusions-'));
const ints = (v: number[]) => ({ type: 'ints' as const, value: v });

function bertFeeds(seq: number): Record<string, HostTensor> {
  const ids = (f: (i: number) => number): HostTensor => ({
    dtype: 'int64',
    dims: [1, seq],
    data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(f(i))),
  });
  return {
    input_ids: ids((i) => (i * 37) % 1000),
    attention_mask: ids((i) => (i < seq - 2 ? 1 : 0)),
    token_type_ids: ids(() => 0),
  };
}

async function ortOutputs(g: ReturnType<typeof model>, feeds: Record<string, HostTensor>) {
  const file = path.join(dir, `m-${Math.random().toString(36).slice(2)}.onnx`);
  writeFileSync(file, writeOnnx(g));
  const s = await ortEngine.load(file, { threads: 1 });
  const out = await s.run(feeds);
  await s.close();
  return out;
}

/** Multi-head attention as exporters write it (the pattern attention-fusion.ts matches). */
function attentionGraph(S: number, H: number, d: number, maskDims: number[]) {
  const hd = H * d;
  return model(
    [
      node('Reshape', ['q', 'hs'], ['qr']),
      node('Transpose', ['qr'], ['qh'], { perm: ints([0, 2, 1, 3]) }),
      node('Reshape', ['k', 'hs'], ['kr']),
      node('Transpose', ['kr'], ['kh'], { perm: ints([0, 2, 3, 1]) }),
      node('Reshape', ['v', 'hs'], ['vr']),
      node('Transpose', ['vr'], ['vh'], { perm: ints([0, 2, 1, 3]) }),
      node('MatMul', ['qh', 'kh'], ['sc']),
      node('Div', ['sc', 'c'], ['s2']),
      node('Add', ['s2', 'mask'], ['s3']),
      node('Softmax', ['s3'], ['p'], { axis: { type: 'int', value: -1 } }),
      node('MatMul', ['p', 'vh'], ['ctx']),
      node('Transpose', ['ctx'], ['ct'], { perm: ints([0, 2, 1, 3]) }),
      node('Reshape', ['ct', 'ms'], ['y']),
    ],
    [
      io('q', 'float32', [1, S, hd]),
      io('k', 'float32', [1, S, hd]),
      io('v', 'float32', [1, S, hd]),
      io('mask', 'float32', maskDims),
    ],
    [io('y', 'float32', [1, S, hd])],
    [
      init('hs', 'int64', [4], [0n, 0n, BigInt(H), BigInt(d)]),
      init('ms', 'int64', [3], [0n, 0n, BigInt(hd)]),
      init('c', 'float32', [], [Math.sqrt(d)]),
    ],
    13,
  );
}

function attentionFeeds(S: number, hd: number, maskDims: number[]): Record<string, HostTensor> {
  const n = maskDims.reduce((a, b) => a * b, 1);
  return {
    q: { dtype: 'float32', dims: [1, S, hd], data: rand(S * hd, 1) },
    k: { dtype: 'float32', dims: [1, S, hd], data: rand(S * hd, 2) },
    v: { dtype: 'float32', dims: [1, S, hd], data: rand(S * hd, 3) },
    mask: { dtype: 'float32', dims: maskDims, data: Float32Array.from(rand(n, 4), (x) => x * 3) },
  };
}

describe('fusions record the nodes they cover', () => {
  it('a BERT layer: Attention and MatMul steps with original names and kernels', async () => {
    const g = generateBert({ ...BERT_PRESETS.tiny, sparsity: 0.9, seed: 2 });
    const s = createBuiltinSession(g, { threads: 1, sparseRate: 0.5, profile: true });
    expect(s.notes).toContain(
      'fused 2 attention blocks (Reshape/Transpose/MatMul/Softmax/MatMul → one Attention kernel, heads read in place)',
    );
    expect(s.notes).toContain('fused 2 GELUs into MatMul epilogues');
    expect(s.notes).toContain('fused 4 residual Adds into MatMul epilogues');
    await s.run(bertFeeds(12));
    const steps = s.nodeTimes();
    const tier = /^kernels: (\S+)/.exec(s.notes.find((n) => n.startsWith('kernels: ')) ?? '')?.[1];
    const attention = steps.find((n) => n.node === 'layer0/attention (fused Attention)')!;
    expect(attention.opType).toBe('Attention');
    expect(attention.kernel).toEqual({ impl: 'attention', precision: 'fp32', tier });
    expect(attention.originalNames).toHaveLength(13);
    expect(attention.originalNames).toContain('layer0/attention/Softmax');
    expect(attention.originalNames).toContain('layer0/attention/context/Reshape');
    const ffn = steps.find((n) => n.node === 'layer0/ffn/intermediate/MatMul')!;
    expect(ffn.opType).toBe('MatMul');
    expect(ffn.kernel).toEqual({ impl: 'sparse', precision: 'fp32', tier });
    // MatMul + bias Add + the Gelu, itself fused from Div/Erf/Add/Mul/Mul.
    expect(ffn.originalNames).toEqual(
      expect.arrayContaining([
        'layer0/ffn/intermediate/MatMul',
        'layer0/ffn/intermediate/Add',
        'layer0/ffn/gelu/Erf',
        'layer0/ffn/gelu/Mul_1',
      ]),
    );
    expect(ffn.originalNames).toHaveLength(7);
    const out = steps.find((n) => n.node === 'layer0/attention/output/MatMul')!;
    expect(out.originalNames).toEqual([
      'layer0/attention/output/MatMul',
      'layer0/attention/output/Add',
      'layer0/attention/residual/Add',
    ]);
    for (const n of steps) expect(n.samples).toHaveLength(1);
    await s.close();
  });

  it('attention with a per-head mask runs the original nodes and matches onnxruntime', async () => {
    // The fused kernel takes masks broadcast over heads; this one is not, so the fused
    // step falls back to the nodes it replaced.
    const [S, H, d] = [5, 2, 4];
    const hd = H * d;
    const g = attentionGraph(S, H, d, [1, H, S, S]);
    const feeds = attentionFeeds(S, hd, [1, H, S, S]);
    const s = createBuiltinSession(g, { threads: 1 });
    expect(s.notes.join('\n')).toContain('fused 1 attention block');
    const y = (await s.run(feeds)).y!.data as Float32Array;
    const ref = (await ortOutputs(g, feeds)).y!.data as Float32Array;
    expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5);
    // Again with a mask the kernel takes: same graph, mask broadcast over heads.
    const g2 = attentionGraph(S, H, d, [1, 1, 1, S]);
    const f2 = attentionFeeds(S, hd, [1, 1, 1, S]);
    const y2 = (await createBuiltinSession(g2, { threads: 1 }).run(f2)).y!.data as Float32Array;
    expect(maxAbsDiff(y2, (await ortOutputs(g2, f2)).y!.data as Float32Array)).toBeLessThan(1e-5);
  });

  it('a residual the epilogue cannot take is added with broadcasting', async () => {
    const [M, K, N] = [4, 6, 5];
    const g = model(
      [node('MatMul', ['x', 'w'], ['h'], {}, 'mm'), node('Add', ['h', 'r'], ['y'])],
      [io('x', 'float32', [M, K]), io('r', 'float32', [2, M, N])],
      [io('y', 'float32', [2, M, N])],
      [init('w', 'float32', [K, N], rand(K * N, 6))],
    );
    const s = createBuiltinSession(g, { threads: 1 });
    expect(s.notes).toContain('fused 1 residual Add into MatMul epilogues');
    const feeds: Record<string, HostTensor> = {
      x: { dtype: 'float32', dims: [M, K], data: rand(M * K, 7) },
      r: { dtype: 'float32', dims: [2, M, N], data: rand(2 * M * N, 8) },
    };
    const y = (await s.run(feeds)).y!;
    expect(y.dims).toEqual([2, M, N]);
    const ref = (await ortOutputs(g, feeds)).y!.data as Float32Array;
    expect(maxAbsDiff(y.data as Float32Array, ref)).toBeLessThan(1e-5);
  });

  it('duplicate quantizers of one activation merge into one', () => {
    const g = generateBert({ ...BERT_PRESETS.tiny, precision: 'int8-qdq', seed: 2 });
    const s = createBuiltinSession(g, { threads: 1 });
    // Q, K and V quantize the same LayerNorm output with equal scales: 2 of 3 go, per layer,
    // with their DequantizeLinear twins.
    expect(s.notes).toContain('merged 8 duplicate nodes (common subexpressions)');
  });
});

describe.each(TIER_IDS)('fused attention on tier %s', (tier) => {
  for (const [S, d] of [
    [300, 32],
    [37, 8],
  ] as const)
    it(`matches onnxruntime at ${S} tokens, head width ${d}, 2 threads`, async (ctx) => {
      requireTier(tier, ctx);
      const H = 3;
      const g = attentionGraph(S, H, d, [1, 1, S, S]);
      const feeds = attentionFeeds(S, H * d, [1, 1, S, S]);
      const s = createBuiltinSession(g, { tier, threads: 2 });
      const y = (await s.run(feeds)).y!.data as Float32Array;
      await s.close();
      const ref = (await ortOutputs(g, feeds)).y!.data as Float32Array;
      expect(maxAbsDiff(y, ref)).toBeLessThan(1e-5);
    });
});
