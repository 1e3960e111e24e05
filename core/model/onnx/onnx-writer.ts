import { UserError } from '../../api/errors';
import type { Attribute, Graph, GraphModel, Node, Tensor, ValueInfo } from '../graph';
import { DTYPE_TO_ONNX, tensorByteLength, elementCount } from '../tensor';
import {
  ATTR,
  onnxTypes,
  type AttributeMsg,
  type DimensionMsg,
  type GraphMsg,
  type ModelMsg,
  type NodeMsg,
  type TypeMsg,
  type ValueInfoMsg,
} from './onnx-schema';
import { tensorToMsg } from './onnx-tensor';
import { parseTypeText } from './onnx-type-text';

/** protobuf messages cannot exceed 2 GiB; bigger models need external data. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

/** IR version written when the model has none (ONNX 1.16+ reads it; ORT 1.30 supports 10). */
const DEFAULT_IR_VERSION = 8;
const DEFAULT_OPSET = 17;

const utf8 = new TextEncoder();

/**
 * Serialize a GraphModel as one ONNX file: all tensor data inline as raw_data (external data
 * is read in), opsets, metadata, value_info and subgraphs kept.
 */
export function writeOnnx(model: GraphModel): Uint8Array {
  const size = graphDataBytes(model.graph);
  if (size > PROTOBUF_LIMIT) {
    throw new UserError(
      'BadModel',
      `model has ${(size / 2 ** 30).toFixed(2)} GiB of tensor data; a single ONNX file is limited to 2 GiB`,
    );
  }
  const irVersion = model.irVersion > 0 ? model.irVersion : DEFAULT_IR_VERSION;
  const opsets = Object.entries(model.opsets);
  const msg: ModelMsg = {
    ir_version: irVersion,
    producer_name: model.producer,
    producer_version: model.producerVersion,
    opset_import: (opsets.length ? opsets : [['', DEFAULT_OPSET] as [string, number]]).map(
      ([domain, version]) => ({
        domain,
        version,
      }),
    ),
    metadata_props: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
    graph: graphToMsg(model.graph, irVersion),
  };
  return onnxTypes().ModelProto.encode(msg).finish();
}

function graphDataBytes(g: Graph): number {
  let total = 0;
  const tensor = (t: Tensor): void => {
    total += t.dtype === 'string' ? 0 : tensorByteLength(t.dtype, elementCount(t.dims));
  };
  for (const t of g.initializers.values()) tensor(t);
  for (const n of g.nodes) {
    for (const a of Object.values(n.attributes)) {
      if (a.type === 'tensor') tensor(a.value);
      else if (a.type === 'tensors') a.value.forEach(tensor);
      else if (a.type === 'graph') total += graphDataBytes(a.value);
      else if (a.type === 'graphs') for (const sg of a.value) total += graphDataBytes(sg);
    }
  }
  return total;
}

function graphToMsg(g: Graph, irVersion: number): GraphMsg {
  const inputs = g.inputs.map(valueInfoToMsg);
  // Before IR 4 every initializer also had to be a graph input.
  if (irVersion < 4) {
    const listed = new Set(g.inputs.map((v) => v.name));
    for (const t of g.initializers.values()) {
      if (!listed.has(t.name))
        inputs.push(valueInfoToMsg({ name: t.name, dtype: t.dtype, shape: t.dims }));
    }
  }
  return {
    name: g.name,
    node: g.nodes.map((n) => nodeToMsg(n, irVersion)),
    initializer: [...g.initializers.values()].map(tensorToMsg),
    input: inputs,
    output: g.outputs.map(valueInfoToMsg),
    value_info: [...g.valueInfo.values()].map(valueInfoToMsg),
  };
}

function valueInfoToMsg(v: ValueInfo): ValueInfoMsg {
  if (v.dtype === null && v.shape === null) return { name: v.name };
  const tensorType: NonNullable<TypeMsg['tensor_type']> = {
    elem_type: v.dtype ? DTYPE_TO_ONNX[v.dtype] : 0,
  };
  if (v.shape) {
    tensorType.shape = {
      dim: v.shape.map((d): DimensionMsg =>
        typeof d === 'number' ? { dim_value: d } : d === null ? {} : { dim_param: d },
      ),
    };
  }
  return { name: v.name, type: { tensor_type: tensorType } };
}

function nodeToMsg(n: Node, irVersion: number): NodeMsg {
  const msg: NodeMsg = {
    input: n.inputs,
    output: n.outputs,
    op_type: n.opType,
    attribute: Object.entries(n.attributes).map(([name, a]) =>
      attributeToMsg(n, name, a, irVersion),
    ),
  };
  if (n.name) msg.name = n.name;
  if (n.domain) msg.domain = n.domain;
  return msg;
}

function attributeToMsg(n: Node, name: string, a: Attribute, irVersion: number): AttributeMsg {
  // Type-valued attributes arrive as ONNX type text (see onnx-type-text.ts).
  if (n.opType === 'Optional' && name === 'type' && a.type === 'string') {
    let tp: TypeMsg;
    try {
      tp = parseTypeText(a.value);
    } catch (err) {
      throw new UserError(
        'BadModel',
        `node "${n.id}": attribute "type": ${(err as Error).message}`,
      );
    }
    return { name, type: ATTR.TYPE_PROTO, tp };
  }
  switch (a.type) {
    case 'float':
      return { name, type: ATTR.FLOAT, f: a.value };
    case 'int':
      return { name, type: ATTR.INT, i: a.value };
    case 'string':
      return { name, type: ATTR.STRING, s: utf8.encode(a.value) };
    case 'tensor':
      return { name, type: ATTR.TENSOR, t: tensorToMsg(a.value) };
    case 'graph':
      return { name, type: ATTR.GRAPH, g: graphToMsg(a.value, irVersion) };
    case 'floats':
      return { name, type: ATTR.FLOATS, floats: a.value };
    case 'ints':
      return { name, type: ATTR.INTS, ints: a.value };
    case 'strings':
      return { name, type: ATTR.STRINGS, strings: a.value.map((s) => utf8.encode(s)) };
    case 'tensors':
      return { name, type: ATTR.TENSORS, tensors: a.value.map(tensorToMsg) };
    case 'graphs':
      return { name, type: ATTR.GRAPHS, graphs: a.value.map((g) => graphToMsg(g, irVersion)) };
  }
}
