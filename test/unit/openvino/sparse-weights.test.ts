import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeNodes } from '../../../core/engines/openvino/wire';
import { NO_AMX_NOTE, sparseWeights } from '../../../core/engines/openvino/sparse-weights';

// Runtime graphs recorded with the real CPU plugin on a Sapphire Rapids Xeon (AMX) by
// test/fixtures/openvino-runtime/record.py; its docstring says how each was made.
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/openvino-runtime');
const graph = (name: string) =>
  runtimeNodes(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')));

const SAPPHIRE_RAPIDS = ['avx2', 'avx512f', 'avx512_vnni', 'amx_tile', 'amx_int8', 'amx_bf16'];
const ZEN4 = ['avx2', 'avx512f', 'avx512_vnni', 'avx512_bf16'];

describe('sparse weight decompression, read from the runtime graph', () => {
  it('applied: every FullyConnected of the [out, in]-weight model runs a sparse primitive', () => {
    const s = sparseWeights(graph('tiny-s80-qdq-out-in'), 0.5, SAPPHIRE_RAPIDS)!;
    expect(s.layers).toBe(12);
    expect(s.applied).toBe(12);
    expect(s.primitives).toEqual(['brgemm_avx512_amx_sparse_i8']);
    expect(s.note).toBe('applied to 12 of 12 FullyConnected layers (brgemm_avx512_amx_sparse_i8)');
  });

  it('not applied on a CPU without AMX, whatever the graph', () => {
    for (const name of ['tiny-s80-qdq-onnx', 'tiny-fp32']) {
      const s = sparseWeights(graph(name), 0.75, ZEN4)!;
      expect(s.applied).toBe(0);
      expect(s.note).toBe(NO_AMX_NOTE);
    }
    expect(NO_AMX_NOTE).toBe(
      "not applied: this CPU lacks AMX (needed by OpenVINO's sparse weight decompression)",
    );
  });

  it('not applied with AMX: names the Transpose that ONNX [in, out] weights put in the way', () => {
    const s = sparseWeights(graph('tiny-s80-qdq-onnx'), 0.5, SAPPHIRE_RAPIDS)!;
    expect(s).toMatchObject({ layers: 12, applied: 0, primitives: ['brgemm_avx512_amx_i8'] });
    expect(s.note).toMatch(
      /^not applied: their int8 weights reach FullyConnected through a Transpose/,
    );
  });

  it('not applied with AMX: an FP32 model runs its FullyConnected layers in bf16', () => {
    const s = sparseWeights(graph('tiny-fp32'), 0.5, SAPPHIRE_RAPIDS)!;
    expect(s.note).toMatch(/^not applied: the layers run in bf16: OpenVINO decompresses only int8/);
  });

  it('says nothing without a rate, and that 1.0 means never', () => {
    expect(sparseWeights(graph('tiny-s80-qdq-out-in'), null, SAPPHIRE_RAPIDS)).toBeNull();
    expect(sparseWeights(graph('tiny-s80-qdq-out-in'), 1, SAPPHIRE_RAPIDS)!.note).toMatch(
      /^not applied: rate 1.0 means never/,
    );
  });

  it('counts a partial application and names why the rest did not get it', () => {
    const nodes = graph('tiny-s80-qdq-out-in');
    const dense = graph('tiny-s80-qdq-onnx');
    // The first FullyConnected of the dense-layout graph, with its Transpose, joins the sparse ones.
    const fc = dense.find((n) => n.layerType.startsWith('FullyConnected'))!;
    const producer = dense.find((n) => n.name === fc.inputs[1]!.from)!;
    const mixed = [...nodes, { ...fc, name: 'extra' }, producer];
    const s = sparseWeights(mixed, 0.5, SAPPHIRE_RAPIDS)!;
    expect(s).toMatchObject({ layers: 13, applied: 12 });
    expect(s.note).toMatch(
      /^applied to 12 of 13 FullyConnected layers \(brgemm_avx512_amx_sparse_i8\); not to the others: their int8 weights reach FullyConnected through a Transpose/,
    );
  });
});
