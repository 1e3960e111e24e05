import { HAVE_NODE_TESTS, NODE_TESTS } from '../node-tests-dir';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Attribute, Graph, GraphModel, Tensor } from '../../../core/model/graph';
import {
  decodeTensorProto,
  encodeTensorProto,
  readOnnx,
} from '../../../core/model/onnx/onnx-importer';
import { onnxTypes } from '../../../core/model/onnx/onnx-schema';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { tensorFromArray, tensorToArray } from '../../../core/model/tensor';
import { graph, model, node } from './build-model';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sameTensor(a: Tensor, b: Tensor): void {
  expect(b.name).toBe(a.name);
  expect(b.dtype).toBe(a.dtype);
  expect(b.dims).toEqual(a.dims);
  if (a.dtype === 'string') expect(b.strings?.()).toEqual(a.strings?.());
  else expect(Buffer.from(b.bytes()).equals(Buffer.from(a.bytes()))).toBe(true);
}

function sameAttribute(a: Attribute, b: Attribute): void {
  expect(b.type).toBe(a.type);
  if (a.type === 'tensor' && b.type === 'tensor') sameTensor(a.value, b.value);
  else if (a.type === 'tensors' && b.type === 'tensors')
    a.value.forEach((t, i) => sameTensor(t, b.value[i]!));
  else if (a.type === 'graph' && b.type === 'graph') sameGraph(a.value, b.value);
  else if (a.type === 'graphs' && b.type === 'graphs')
    a.value.forEach((g, i) => sameGraph(g, b.value[i]!));
  else if (a.type === 'float' && b.type === 'float') expect(b.value).toBe(Math.fround(a.value));
  else if (a.type === 'floats' && b.type === 'floats')
    expect(b.value).toEqual(a.value.map(Math.fround));
  else expect(b.value).toEqual(a.value);
}

function sameGraph(a: Graph, b: Graph): void {
  expect(b.name).toBe(a.name);
  expect(b.inputs).toEqual(a.inputs);
  expect(b.outputs).toEqual(a.outputs);
  expect([...b.valueInfo.entries()]).toEqual([...a.valueInfo.entries()]);
  expect([...b.initializers.keys()]).toEqual([...a.initializers.keys()]);
  for (const [k, t] of a.initializers) sameTensor(t, b.initializers.get(k)!);
  expect(b.nodes.length).toBe(a.nodes.length);
  a.nodes.forEach((n, i) => {
    const m = b.nodes[i]!;
    expect({ ...m, attributes: Object.keys(m.attributes) }).toEqual({
      ...n,
      attributes: Object.keys(n.attributes),
    });
    for (const k of Object.keys(n.attributes)) sameAttribute(n.attributes[k]!, m.attributes[k]!);
  });
}

function sameModel(a: GraphModel, b: GraphModel): void {
  expect(b.producer).toBe(a.producer);
  expect(b.producerVersion).toBe(a.producerVersion);
  expect(b.irVersion).toBe(a.irVersion);
  expect(b.opsets).toEqual(a.opsets);
  expect(b.metadata).toEqual(a.metadata);
  sameGraph(a.graph, b.graph);
}

/** A model touching every feature the writer keeps: dtypes, subgraphs, value_info, attributes. */
function richModel(): GraphModel {
  const weights = [
    tensorFromArray('w_f32', 'float32', [2, 3], [1, 2, 3, 4, 5, 6]),
    tensorFromArray('w_f16', 'float16', [2], [0.5, -1]),
    tensorFromArray('w_bf16', 'bfloat16', [2], [1, 2]),
    tensorFromArray('w_i8', 'int8', [3], [-1, 0, 1]),
    tensorFromArray('w_u8', 'uint8', [1], [200]),
    tensorFromArray('w_i64', 'int64', [2], [-5n, 7n]),
    tensorFromArray('w_u64', 'uint64', [1], [2n ** 63n]),
    tensorFromArray('w_bool', 'bool', [2], [1, 0]),
    tensorFromArray('w_f64', 'float64', [1], [Math.PI]),
    tensorFromArray('w_i4', 'int4', [3], [-3, 2, 7]),
    tensorFromArray('w_str', 'string', [2], ['hello', 'wörld']),
    tensorFromArray('w_scalar', 'float32', [], [42]),
  ];
  const thenBranch = graph({
    name: 'then',
    nodes: [node('Identity', ['x'], ['t_out'], {}, 'then_id')],
    inputs: [],
    outputs: [{ name: 't_out', dtype: 'float32', shape: ['N', 3] }],
  });
  const elseBranch = graph({
    name: 'else',
    nodes: [node('Neg', ['x'], ['e_out'])],
    inputs: [],
    outputs: [{ name: 'e_out', dtype: 'float32', shape: [null, 3] }],
  });
  const g = graph({
    name: 'main',
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['N', 3] },
      { name: 'cond', dtype: 'bool', shape: [] },
      { name: 'anything', dtype: null, shape: null },
    ],
    outputs: [
      { name: 'y', dtype: 'float32', shape: ['N', 2] },
      { name: 'z', dtype: 'float32', shape: null },
    ],
    valueInfo: [{ name: 'mid', dtype: 'float32', shape: ['N', 3] }],
    initializers: weights,
    nodes: [
      node('Relu', ['x'], ['mid'], {}, 'relu'),
      node(
        'Gemm',
        ['mid', 'w_f32', ''],
        ['y'],
        {
          alpha: { type: 'float', value: 0.1 },
          transB: { type: 'int', value: 1 },
          tag: { type: 'string', value: 'ünïcode' },
          fs: { type: 'floats', value: [0.25, 0.3] },
          is: { type: 'ints', value: [1, -2, 2 ** 40] },
          ss: { type: 'strings', value: ['a', ''] },
          tv: { type: 'tensor', value: tensorFromArray('tv', 'int32', [1], [9]) },
          tvs: {
            type: 'tensors',
            value: [
              tensorFromArray('a', 'uint16', [1], [3]),
              tensorFromArray('b', 'float16', [1], [2]),
            ],
          },
        },
        'gemm',
      ),
      node('If', ['cond'], ['z'], {
        then_branch: { type: 'graph', value: thenBranch },
        else_branch: { type: 'graph', value: elseBranch },
      }),
      node('Optional', ['x'], ['opt'], { type: { type: 'string', value: 'tensor(float)[N,3]' } }),
      node('Custom', ['x'], ['c'], { gs: { type: 'graphs', value: [thenBranch] } }, 'relu_dup'),
      node('Relu', ['c'], ['c2'], {}, 'relu_dup'),
    ],
  });
  g.nodes[4]!.domain = 'com.example';
  return model(g, {
    opsets: { '': 17, 'com.example': 1 },
    metadata: { author: 'test', 'sparsescope.version': '1' },
  });
}

describe('ONNX writer + importer round trip', () => {
  it('import → write → import keeps everything the graph model holds', () => {
    const original = richModel();
    const first = readOnnx(writeOnnx(original), null);
    const second = readOnnx(writeOnnx(first), null);
    sameModel(first, second);
    // Spot checks against the source, not only against ourselves.
    expect(first.graph.inputs.map((v) => v.name)).toEqual(['x', 'cond', 'anything']);
    expect(first.graph.outputs[0]!.shape).toEqual(['N', 2]);
    expect(first.graph.outputs[1]!.shape).toBeNull();
    expect(first.opsets).toEqual({ '': 17, 'com.example': 1 });
    expect(first.metadata.author).toBe('test');
    for (const [name, t] of original.graph.initializers)
      sameTensor(t, first.graph.initializers.get(name)!);
    const gemm = first.graph.nodes[1]!;
    expect(gemm.attributes.alpha).toEqual({ type: 'float', value: Math.fround(0.1) });
    expect(gemm.attributes.is).toEqual({ type: 'ints', value: [1, -2, 2 ** 40] });
    expect(gemm.attributes.tag).toEqual({ type: 'string', value: 'ünïcode' });
    expect(gemm.inputs).toEqual(['mid', 'w_f32', '']);
    const iff = first.graph.nodes[2]!.attributes.else_branch;
    expect(iff?.type === 'graph' && iff.value.outputs[0]!.shape).toEqual([null, 3]);
    expect(first.graph.nodes[3]!.attributes.type).toEqual({
      type: 'string',
      value: 'tensor(float)[N,3]',
    });
    expect(first.graph.nodes[4]!.domain).toBe('com.example');
    // Duplicate names get distinct ids; unique names are their own ids.
    const ids = first.graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('relu');
    expect(ids[4]).not.toBe(ids[5]);
  });

  it('keeps initializer bytes as views onto the file, not copies', () => {
    const bytes = Buffer.from(writeOnnx(richModel()));
    const m = readOnnx(bytes, null);
    const w = m.graph.initializers.get('w_f32')!.bytes();
    expect(w.buffer).toBe(bytes.buffer);
    expect(tensorToArray(m.graph.initializers.get('w_f32')!)).toEqual(
      new Float32Array([1, 2, 3, 4, 5, 6]),
    );
  });

  it('drops initializers listed as graph inputs (IR < 4) from the real inputs', () => {
    const m = richModel();
    m.irVersion = 3;
    const bytes = writeOnnx(m);
    const raw = onnxTypes().ModelProto.decode(bytes) as unknown as {
      graph: { input: { name: string }[] };
    };
    expect(raw.graph.input.length).toBe(3 + m.graph.initializers.size);
    expect(readOnnx(bytes, null).graph.inputs.map((v) => v.name)).toEqual([
      'x',
      'cond',
      'anything',
    ]);
  });

  it.skipIf(!HAVE_NODE_TESTS)('round-trips ONNX backend node test models', () => {
    for (const name of [
      'test_if',
      'test_loop11',
      'test_gemm_all_attributes',
      'test_cast_FLOAT_to_FLOAT16',
      'test_constant',
    ]) {
      const file = path.join(NODE_TESTS, name, 'model.onnx');
      const a = readOnnx(readFileSync(file), file);
      const b = readOnnx(writeOnnx(a), null);
      sameModel(a, b);
    }
  });
});

describe('TensorProto fields', () => {
  const encode = (msg: object): Uint8Array => onnxTypes().TensorProto.encode(msg).finish();

  it('decodes typed storage fields for every dtype family', () => {
    const cases: [object, number[] | bigint[]][] = [
      [{ data_type: 1, dims: [2], float_data: [1.5, -2] }, [1.5, -2]],
      [{ data_type: 10, dims: [2], int32_data: [0x3c00, 0xc000] }, [1, -2]], // float16 bits
      [{ data_type: 16, dims: [1], int32_data: [0x3f80] }, [1]], // bfloat16 bits
      [{ data_type: 3, dims: [2], int32_data: [-5, 7] }, [-5, 7]],
      [{ data_type: 2, dims: [2], int32_data: [255, 1] }, [255, 1]],
      [{ data_type: 5, dims: [1], int32_data: [-300] }, [-300]],
      [{ data_type: 4, dims: [1], int32_data: [65535] }, [65535]],
      [{ data_type: 9, dims: [2], int32_data: [1, 0] }, [1, 0]],
      [{ data_type: 6, dims: [1], int32_data: [-7] }, [-7]],
      [{ data_type: 7, dims: [2], int64_data: [-1, 2 ** 40] }, [-1n, 2n ** 40n]],
      [{ data_type: 11, dims: [1], double_data: [0.1] }, [0.1]],
      [{ data_type: 12, dims: [1], uint64_data: [4294967295] }, [4294967295]],
      [{ data_type: 13, dims: [1], uint64_data: [5] }, [5n]],
      [{ data_type: 22, dims: [3], int32_data: [0x21, 0x0f] }, [1, 2, -1]], // int4, two per entry
    ];
    for (const [msg, expected] of cases) {
      const t = decodeTensorProto(encode(msg), 'case.pb');
      expect(
        Array.from(tensorToArray(t) as ArrayLike<number | bigint>),
        JSON.stringify(msg),
      ).toEqual(expected);
    }
    const s = decodeTensorProto(
      encode({ data_type: 8, dims: [2], string_data: [Buffer.from('x'), Buffer.from('yz')] }),
      's.pb',
    );
    expect(s.strings?.()).toEqual(['x', 'yz']);
  });

  it('encodeTensorProto / decodeTensorProto round-trip', () => {
    const t = tensorFromArray('out', 'float16', [2, 2], [1, 2, 3, 4]);
    sameTensor(t, decodeTensorProto(encodeTensorProto(t), 'out.pb'));
  });

  it('refuses wrong element counts, naming file and tensor', () => {
    expect(() =>
      decodeTensorProto(encode({ name: 'w', data_type: 1, dims: [3], float_data: [1] }), 'bad.pb'),
    ).toThrow(/bad\.pb: .*"w".*1 values in float_data, expected 3/);
    expect(() =>
      decodeTensorProto(
        encode({ name: 'w', data_type: 1, dims: [2], raw_data: Buffer.alloc(7) }),
        'bad.pb',
      ),
    ).toThrow(/bad\.pb: .*needs 8 bytes of raw_data but has 7/);
    expect(() =>
      decodeTensorProto(encode({ name: 'w', data_type: 99, dims: [1] }), 'bad.pb'),
    ).toThrow(/data_type 99/);
  });

  it('reads external data lazily from a file next to the model', () => {
    const data = Buffer.alloc(64);
    new Float32Array(data.buffer, data.byteOffset + 16, 4).set([1, 2, 3, 4]);
    writeFileSync(path.join(tmp, 'weights.bin'), data);
    const m = richModel();
    const bytes = writeOnnx(m);
    // Swap one initializer for an external-data reference by editing the decoded message.
    const raw = onnxTypes().ModelProto.decode(bytes) as unknown as {
      graph: { initializer: Record<string, unknown>[] };
    };
    raw.graph.initializer.push({
      name: 'ext',
      data_type: 1,
      dims: [4],
      data_location: 1,
      external_data: [
        { key: 'location', value: 'weights.bin' },
        { key: 'offset', value: '16' },
        { key: 'length', value: '16' },
      ],
    });
    const file = path.join(tmp, 'ext.onnx');
    writeFileSync(file, onnxTypes().ModelProto.encode(raw).finish());
    const back = readOnnx(readFileSync(file), file);
    const ext = back.graph.initializers.get('ext')!;
    expect(ext.location).toEqual({
      kind: 'external',
      file: path.join(tmp, 'weights.bin'),
      offset: 16,
      length: 16,
    });
    expect([...(tensorToArray(ext) as Float32Array)]).toEqual([1, 2, 3, 4]);
    // Writing inlines external data.
    const inlined = readOnnx(writeOnnx(back), null).graph.initializers.get('ext')!;
    expect(inlined.location.kind).toBe('inline');
    expect([...(tensorToArray(inlined) as Float32Array)]).toEqual([1, 2, 3, 4]);

    raw.graph.initializer[raw.graph.initializer.length - 1]!.external_data = [
      { key: 'location', value: '../escape.bin' },
    ];
    writeFileSync(file, onnxTypes().ModelProto.encode(raw).finish());
    expect(() => readOnnx(readFileSync(file), file)).toThrow(
      /ext\.onnx: .*"ext".*expected a path inside the model's folder/,
    );
    raw.graph.initializer[raw.graph.initializer.length - 1]!.external_data = [
      { key: 'location', value: 'missing.bin' },
    ];
    writeFileSync(file, onnxTypes().ModelProto.encode(raw).finish());
    expect(() => readOnnx(readFileSync(file), file)).toThrow(
      /cannot read external data file .*missing\.bin.*ENOENT/,
    );
  });
});
