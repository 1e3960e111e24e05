import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel, Tensor } from '../../../core/model/graph';
import { openvinoIrImporter } from '../../../core/model/openvino-ir/ir-importer';
import {
  BOOL_VALUES,
  binFor,
  fixtureXml,
  HALF_BITS,
  INT8_VALUES,
  MATMUL_BIAS,
  MATMUL_WEIGHTS,
  stageFixtures,
  TI_SHIFT,
  U4_PACKED,
  type FixtureName,
  type Staged,
} from './fixtures';

let staged: Staged;
beforeAll(() => {
  staged = stageFixtures();
});
afterAll(() => staged.remove());

function open(name: FixtureName): Promise<GraphModel> {
  return openvinoIrImporter.open(staged.xmlPath(name), fixtureXml(name));
}

function f32(t: Tensor): number[] {
  const b = t.bytes();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.byteLength / 4 }, (_, i) => dv.getFloat32(i * 4, true));
}

describe('openvinoIrImporter.sniff', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('accepts XML whose root is <net>, past declaration, comments and a BOM', () => {
    expect(openvinoIrImporter.sniff(fixtureXml('matmul-add-v11').subarray(0, 4096), 'm.xml')).toBe(
      true,
    );
    expect(
      openvinoIrImporter.sniff(
        enc('\ufeff<?xml version="1.0"?>\n<!-- x -->\n<net version="11">'),
        'm.xml',
      ),
    ).toBe(true);
  });
  it('declines other XML and non-XML with a reason', () => {
    expect(openvinoIrImporter.sniff(enc('<?xml version="1.0"?><svg></svg>'), 'a.xml')).toBe(
      'XML root is <svg>, expected <net>',
    );
    expect(openvinoIrImporter.sniff(Uint8Array.of(0x08, 0x07, 0x12), 'a.xml')).toBe(
      'not XML: starts with 0x08',
    );
    expect(openvinoIrImporter.sniff(new Uint8Array(0), 'a.xml')).toMatch(/empty/);
    expect(openvinoIrImporter.sniff(Uint8Array.of(0xff, 0xfe, 0x3c, 0x00), 'a.xml')).toMatch(
      /UTF-16/,
    );
  });
  it('has the registry identity', () => {
    expect(openvinoIrImporter.id).toBe('openvino-ir');
    expect(openvinoIrImporter.extensions).toEqual(['.xml']);
  });
});

describe('matmul-add-v11', () => {
  it('maps layers, ports and edges onto the graph model', async () => {
    const m = await open('matmul-add-v11');
    expect(m.format).toBe('openvino-ir');
    expect(m.irVersion).toBe(11);
    expect(m.path).toBe(staged.xmlPath('matmul-add-v11'));
    expect(m.producer).toBe('OpenVINO');
    expect(m.producerVersion).toBe('2024.4.0-16579-c3152d32c9c-releases/2024/4');
    expect(m.metadata['conversion_parameters.framework']).toBe('onnx');
    expect(m.opsets).toEqual({ opset1: 1 });
    const g = m.graph;
    expect(g.name).toBe('tiny_linear');
    expect(g.inputs).toEqual([{ name: 'input', dtype: 'float32', shape: [1, 4] }]);
    expect(g.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: [1, 3] }]);
    expect(g.nodes.map((n) => [n.id, n.opType, n.domain, n.inputs, n.outputs])).toEqual([
      ['fc/MatMul', 'MatMul', 'opset1', ['input', 'fc.weight:0'], ['fc/MatMul:2']],
      ['fc/Add', 'Add', 'opset1', ['fc/MatMul:2', 'fc.bias:0'], ['logits']],
    ]);
    expect(g.nodes[0].attributes).toEqual({
      transpose_a: { type: 'string', value: 'false' },
      transpose_b: { type: 'string', value: 'true' },
    });
    expect(g.valueInfo.get('fc/MatMul:2')).toEqual({
      name: 'fc/MatMul:2',
      dtype: 'float32',
      shape: [1, 3],
    });
  });

  it('exposes Const weights as views onto the .bin with the bytes written', async () => {
    const m = await open('matmul-add-v11');
    const w = m.graph.initializers.get('fc.weight:0')!;
    const b = m.graph.initializers.get('fc.bias:0')!;
    expect([w.dtype, w.dims, b.dtype, b.dims]).toEqual(['float32', [3, 4], 'float32', [1, 3]]);
    expect(f32(w)).toEqual(MATMUL_WEIGHTS);
    expect(f32(b)).toEqual(MATMUL_BIAS);
    expect(w.location).toEqual({
      kind: 'external',
      file: staged.binPath('matmul-add-v11'),
      offset: 0,
      length: 48,
    });
    expect(b.location).toEqual({
      kind: 'external',
      file: staged.binPath('matmul-add-v11'),
      offset: 48,
      length: 12,
    });
    // A view, not a copy: both tensors share the one buffer the .bin was read into.
    expect(w.bytes().buffer).toBe(b.bytes().buffer);
    expect(b.bytes().byteOffset - w.bytes().byteOffset).toBe(48);
    expect(w.bytes().buffer.byteLength).toBeGreaterThanOrEqual(binFor('matmul-add-v11')!.length);
  });
});

describe('dynamic-dims-v11', () => {
  it('maps ?, -1, intervals and dynamic rank; needs no .bin', async () => {
    const m = await open('dynamic-dims-v11');
    const g = m.graph;
    expect(g.inputs).toEqual([
      { name: 'input_ids', dtype: 'int64', shape: [null, null] },
      { name: 'attention_mask', dtype: 'int64', shape: [null, null] },
      { name: 'anything', dtype: 'float32', shape: null },
    ]);
    expect(g.outputs).toEqual([
      { name: 'ids_plus_mask:2', dtype: 'int64', shape: [null, null] },
      { name: 'ids_shape', dtype: 'int64', shape: [2] },
      { name: 'anything', dtype: 'float32', shape: null },
    ]);
    expect(m.opsets).toEqual({ opset1: 1, opset3: 3 });
    // Layer 3 comes first in the file but consumes the Parameters: nodes are topologically
    // sorted, Parameters are not nodes.
    expect(g.nodes.map((n) => [n.opType, n.domain, n.inputs])).toEqual([
      ['Add', 'opset1', ['input_ids', 'attention_mask']],
      ['ShapeOf', 'opset3', ['input_ids']],
    ]);
    expect(g.nodes[1].attributes.output_type).toEqual({ type: 'string', value: 'i64' });
    expect(g.initializers.size).toBe(0);
  });
});

describe('element-types-v10', () => {
  it('reads IR v10 with precision-only ports and typed Consts', async () => {
    const m = await open('element-types-v10');
    expect(m.irVersion).toBe(10);
    expect(m.producerVersion).toBe('2021.4.2-3976-0943ed67223-refs/pull/539/head');
    expect(m.metadata['cli_parameters.input_model']).toBe('DIR/element_types.onnx');
    const g = m.graph;
    // No tensor names in this v10 file: the Parameter is known by its layer name.
    expect(g.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [2, 2] }]);
    expect(g.outputs.map((o) => [o.name, o.dtype, o.shape])).toEqual([
      ['clamp:1', 'float32', [1, 4]],
      ['nibbles/convert:1', 'float32', [3]],
      ['not:1', 'bool', [3]],
    ]);
    const init = g.initializers;
    expect([...init.keys()].sort()).toEqual([
      'flags:0',
      'half_w:0',
      'new_shape:0',
      'nibbles:0',
      'scale_q:0',
    ]);
    const half = init.get('half_w:0')!;
    expect([half.dtype, half.dims]).toEqual(['float16', [2, 2]]);
    const hb = half.bytes();
    expect(Array.from({ length: 4 }, (_, i) => hb[2 * i] | (hb[2 * i + 1] << 8))).toEqual(
      HALF_BITS,
    );
    const shape = init.get('new_shape:0')!;
    expect(shape.dtype).toBe('int64');
    const sb = shape.bytes();
    const dv = new DataView(sb.buffer, sb.byteOffset, sb.byteLength);
    expect([dv.getBigInt64(0, true), dv.getBigInt64(8, true)]).toEqual([1n, 4n]);
    const q = init.get('scale_q:0')!;
    expect([q.dtype, Array.from(new Int8Array(q.bytes().buffer, q.bytes().byteOffset, 4))]).toEqual(
      ['int8', INT8_VALUES],
    );
    const u4 = init.get('nibbles:0')!;
    expect([u4.dtype, u4.dims, Array.from(u4.bytes())]).toEqual(['uint4', [3], U4_PACKED]);
    const flags = init.get('flags:0')!;
    expect([flags.dtype, Array.from(flags.bytes())]).toEqual(['bool', BOOL_VALUES]);
  });

  it('types <data> attributes: floats, strings, and port precisions for values', async () => {
    const g = (await open('element-types-v10')).graph;
    const byName = new Map(g.nodes.map((n) => [n.name, n]));
    expect(byName.get('clamp')!.attributes).toEqual({
      min: { type: 'float', value: -0.5 },
      max: { type: 'float', value: 6.5 },
    });
    expect(byName.get('half_w/convert')!.attributes.destination_type).toEqual({
      type: 'string',
      value: 'f32',
    });
    expect(byName.get('reshape')!.inputs).toEqual(['add:2', 'new_shape:0']);
    expect(g.valueInfo.get('half_w/convert:1')).toEqual({
      name: 'half_w/convert:1',
      dtype: 'float32',
      shape: [2, 2],
    });
  });
});

describe('tensor-iterator-v11', () => {
  it('keeps the body as a graph attribute whose Const shares the .bin', async () => {
    const m = await open('tensor-iterator-v11');
    const ti = m.graph.nodes.find((n) => n.opType === 'TensorIterator')!;
    expect(ti.inputs).toEqual(['seq']);
    expect(ti.outputs).toEqual(['shifted']);
    const body = ti.attributes.body;
    expect(body.type).toBe('graph');
    if (body.type !== 'graph') return;
    expect(body.value.inputs).toEqual([{ name: 'step_in', dtype: 'float32', shape: [1, 1, 2] }]);
    expect(body.value.outputs).toEqual([
      { name: 'step_add:2', dtype: 'float32', shape: [1, 1, 2] },
    ]);
    expect(body.value.nodes.map((n) => n.opType)).toEqual(['Add']);
    expect(f32(body.value.initializers.get('shift:0')!)).toEqual(TI_SHIFT);
    const portMap = ti.attributes.port_map;
    expect(portMap.type).toBe('strings');
    if (portMap.type !== 'strings') return;
    expect(portMap.value.map((s) => JSON.parse(s) as Record<string, string>)).toEqual([
      expect.objectContaining({
        tag: 'input',
        external_port_id: '0',
        axis: '1',
        internal_value: 'step_in',
      }),
      expect.objectContaining({
        tag: 'output',
        external_port_id: '1',
        axis: '1',
        internal_value: 'step_add:2',
      }),
    ]);
  });
});
