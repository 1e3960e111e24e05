import { describe, expect, it } from 'vitest';
import { modelInfo } from '../../../core/model/model-info';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { tensorFromArray } from '../../../core/model/tensor';
import { graph, model, node } from './build-model';

const H = 8; // hidden
const HEADS = 2;
const D = H / HEADS;

/**
 * One attention block the way exporters write it: Q/K MatMuls on constant weights, the
 * head split through Shape → Gather → Unsqueeze → Concat → Reshape, then QKᵀ and ·V.
 */
function attentionModel() {
  const w = (name: string, zeros: number) =>
    tensorFromArray(
      name,
      'float32',
      [H, H],
      Array.from({ length: H * H }, (_, i) => (i < zeros ? 0 : 1 + i)),
    );
  const i64 = (name: string, values: number[]) =>
    tensorFromArray(name, 'int64', [values.length], values);
  return model(
    graph({
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 'seq', H] }],
      outputs: [{ name: 'ctx', dtype: 'float32', shape: ['batch', HEADS, 'seq', D] }],
      initializers: [
        w('wq', 16),
        w('wk', 0),
        i64('idx0', [0]),
        i64('idx1', [1]),
        i64('heads', [HEADS, D]),
        tensorFromArray('zero_point', 'uint8', [], [128]),
        tensorFromArray('scale', 'float32', [], [0.1]),
        tensorFromArray(
          'wv_q',
          'uint8',
          [H, H],
          Array.from({ length: H * H }, (_, i) => (i % 4 === 0 ? 7 : 128)),
        ),
      ],
      nodes: [
        node('MatMul', ['x', 'wq'], ['q'], {}, 'q_proj'),
        node('MatMul', ['x', 'wk'], ['k'], {}, 'k_proj'),
        node('DequantizeLinear', ['wv_q', 'scale', 'zero_point'], ['wv']),
        node('MatMul', ['x', 'wv'], ['v'], {}, 'v_proj'),
        node('Shape', ['x'], ['shape']),
        node('Gather', ['shape', 'idx0'], ['b']),
        node('Gather', ['shape', 'idx1'], ['s']),
        node('Concat', ['b', 's', 'heads'], ['split_shape'], { axis: { type: 'int', value: 0 } }),
        node('Reshape', ['q', 'split_shape'], ['q4']),
        node('Reshape', ['k', 'split_shape'], ['k4']),
        node('Reshape', ['v', 'split_shape'], ['v4']),
        node('Transpose', ['q4'], ['qt'], { perm: { type: 'ints', value: [0, 2, 1, 3] } }),
        node('Transpose', ['k4'], ['kt'], { perm: { type: 'ints', value: [0, 2, 3, 1] } }),
        node('Transpose', ['v4'], ['vt'], { perm: { type: 'ints', value: [0, 2, 1, 3] } }),
        node('MatMul', ['qt', 'kt'], ['scores'], {}, 'qk'),
        node('Softmax', ['scores'], ['probs'], { axis: { type: 'int', value: -1 } }),
        node('MatMul', ['probs', 'vt'], ['ctx'], {}, 'pv'),
      ],
    }),
  );
}

describe('modelInfo', () => {
  it('counts linear and attention FLOPs through exporter-style shape arithmetic', () => {
    const seq = 16;
    const info = modelInfo(attentionModel(), { seq });
    const linear = 3 * 2 * seq * H * H;
    const attention = 2 * (2 * HEADS * seq * seq * D);
    expect(info.flops.linear).toBe(linear);
    expect(info.flops.attention).toBe(attention);
    expect(info.flops.total).toBe(linear + attention);
    expect(info.flops.countedNodes).toBe(5);
    expect(info.flops.uncounted).toEqual([]);
    expect(info.flops.note).toMatch(/x\[1,16,8\]/);
    // Batch scales everything linearly.
    expect(modelInfo(attentionModel(), { seq, batch: 3 }).flops.total).toBe(
      3 * (linear + attention),
    );
  });

  it('lists linear weights with sparsity, including through DequantizeLinear with a zero point', () => {
    const info = modelInfo(attentionModel(), {});
    expect(info.linearWeights.map((l) => [l.node, l.weight, l.dtype, l.quantized])).toEqual([
      ['q_proj', 'wq', 'float32', false],
      ['k_proj', 'wk', 'float32', false],
      ['v_proj', 'wv_q', 'uint8', true],
    ]);
    expect(info.linearWeights[0]!.sparsity).toBe(16 / 64);
    expect(info.linearWeights[1]!.sparsity).toBe(0);
    expect(info.linearWeights[2]!.sparsity).toBe(48 / 64); // 128 is the zero point
    expect(info.linearSparsity).toBeCloseTo((16 + 0 + 48) / 192);
    expect(info.flops.seq).toBe(128);
  });

  it('reports structure, parameters and an op histogram as plain JSON', () => {
    const info = modelInfo(readOnnx(writeOnnx(attentionModel()), 'attn.onnx'), {});
    expect(info.file).toBe('attn.onnx');
    expect(info.nodeCount).toBe(17);
    expect(info.opHistogram).toEqual({
      MatMul: 5,
      Reshape: 3,
      Transpose: 3,
      Gather: 2,
      Concat: 1,
      DequantizeLinear: 1,
      Shape: 1,
      Softmax: 1,
    });
    expect(Object.keys(info.opHistogram)[0]).toBe('MatMul');
    expect(info.parameters.tensors).toBe(8);
    expect(info.parameters.count).toBe(64 * 3 + 1 + 1 + 2 + 1 + 1);
    expect(info.parameters.bytes).toBe(64 * 4 * 2 + 64 + 8 + 8 + 16 + 1 + 4);
    expect(info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 'seq', H] }]);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('handles Gemm with transB and integer matmuls with their zero points', () => {
    const m = model(
      graph({
        inputs: [
          { name: 'a', dtype: 'float32', shape: [4, 6] },
          { name: 'qa', dtype: 'uint8', shape: ['tokens', 6] },
        ],
        outputs: [],
        initializers: [
          tensorFromArray('wt', 'float32', [5, 6], new Array(30).fill(1)),
          tensorFromArray(
            'qw',
            'int8',
            [6, 3],
            [3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 2, 4, 5, 6, 7, 8, 9, 10],
          ),
          tensorFromArray('qw_zp', 'int8', [], [3]),
        ],
        nodes: [
          node('Gemm', ['a', 'wt'], ['g'], { transB: { type: 'int', value: 1 } }, 'gemm'),
          node('MatMulInteger', ['qa', 'qw', '', 'qw_zp'], ['qi'], {}, 'mmi'),
        ],
      }),
    );
    const info = modelInfo(m, { seq: 10 });
    expect(info.flops.linear).toBe(2 * 4 * 6 * 5 + 2 * 10 * 6 * 3);
    expect(info.linearWeights[1]!.sparsity).toBe(9 / 18);
    expect(info.linearWeights[1]!.quantized).toBe(true);
  });

  it('says which matmuls it could not size instead of guessing', () => {
    const m = model(
      graph({
        inputs: [{ name: 'x', dtype: 'float32', shape: null }],
        outputs: [],
        initializers: [tensorFromArray('w', 'float32', [2, 2], [1, 2, 3, 4])],
        nodes: [node('MatMul', ['x', 'w'], ['y'], {}, 'mystery')],
      }),
    );
    const info = modelInfo(m, {});
    expect(info.flops.total).toBe(0);
    expect(info.flops.uncounted).toEqual(['mystery']);
    expect(info.flops.note).toMatch(/1 matmul node\(s\) with underivable shapes left out/);
  });
});
