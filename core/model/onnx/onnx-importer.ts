import path from 'node:path';
import { UserError } from '../../api/errors';
import type { Attribute, Dim, Graph, GraphModel, Node, Tensor, ValueInfo } from '../graph';
import type { Importer } from '../importer';
import { dtypeFromOnnx } from '../tensor';
import { toNumber } from './onnx-long';
import {
  ATTR,
  onnxTypes,
  type AttributeMsg,
  type GraphMsg,
  type ModelMsg,
  type NodeMsg,
  type TensorMsg,
  type TypeMsg,
  type ValueInfoMsg,
} from './onnx-schema';
import { tensorFromMsg, tensorFromSparseMsg, type TensorPlace } from './onnx-tensor';
import { typeProtoText } from './onnx-type-text';

export interface ReadOnnxOptions {
  /** Folder that external data locations are relative to (default: the model file's folder). */
  baseDir?: string;
}

/** Subgraphs nest (If inside Loop inside If …); real models stay far below this. */
/**
 * Subgraph nesting SparseScope reads. protobufjs stops decoding at 100 nested messages, and
 * each subgraph level costs three (Graph → Node → Attribute), so 32 is what it can reach.
 */
const MAX_GRAPH_DEPTH = 32;

const utf8 = new TextDecoder('utf-8');

interface Ctx {
  file: string;
  baseDir: string | null;
}

function fail(ctx: Ctx, where: string, what: string): never {
  throw new UserError('BadModel', `${ctx.file}: ${where}: ${what}`);
}

/**
 * Decode an ONNX model. Initializer bytes are views onto `bytes` (keep it alive, do not
 * mutate it); external data is read lazily from files next to `path`.
 */
export function readOnnx(
  bytes: Uint8Array,
  path_: string | null,
  opts: ReadOnnxOptions = {},
): GraphModel {
  const ctx: Ctx = {
    file: path_ ?? '(in-memory ONNX model)',
    baseDir: opts.baseDir ?? (path_ === null ? null : path.dirname(path.resolve(path_))),
  };
  if (bytes.byteLength === 0) fail(ctx, 'file', 'is empty (expected an ONNX protobuf ModelProto)');
  let msg: ModelMsg;
  try {
    msg = onnxTypes().ModelProto.decode(bytes) as unknown as ModelMsg;
  } catch (err) {
    if ((err as Error).message === 'max depth exceeded') {
      fail(ctx, 'graph', `subgraphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
    }
    throw new UserError(
      'BadModel',
      `${ctx.file}: not a valid ONNX model: protobuf decoding failed (${(err as Error).message}); expected an ONNX ModelProto`,
    );
  }
  try {
    return convertModel(msg, ctx, path_);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // A damaged file can still trip something unforeseen (e.g. stack depth); never leak it raw.
    throw new UserError(
      'BadModel',
      `${ctx.file}: not a valid ONNX model (${(err as Error).message})`,
    );
  }
}

function convertModel(msg: ModelMsg, ctx: Ctx, file: string | null): GraphModel {
  if (!msg.graph) {
    fail(ctx, 'ModelProto', 'has no graph (field 7); this is not an ONNX model or it is truncated');
  }
  const opsets: Record<string, number> = {};
  for (const o of msg.opset_import ?? []) {
    const domain = o.domain === 'ai.onnx' ? '' : (o.domain ?? '');
    opsets[domain] = toNumber(o.version);
  }
  const metadata: Record<string, string> = {};
  for (const e of msg.metadata_props ?? []) metadata[e.key ?? ''] = e.value ?? '';
  return {
    format: 'onnx',
    path: file,
    producer: msg.producer_name ?? '',
    producerVersion: msg.producer_version ?? '',
    irVersion: toNumber(msg.ir_version),
    opsets,
    metadata,
    graph: convertGraph(msg.graph, ctx, 'graph', 0),
  };
}

function convertGraph(g: GraphMsg, ctx: Ctx, where: string, depth: number): Graph {
  if (depth > MAX_GRAPH_DEPTH)
    fail(ctx, where, `subgraphs nest deeper than ${MAX_GRAPH_DEPTH} levels`);
  const name = g.name ?? '';
  const here = `${where} "${name}"`;
  const place = (what: string): TensorPlace => ({
    file: ctx.file,
    where: `${here}, ${what}`,
    baseDir: ctx.baseDir,
  });

  const initializers = new Map<string, Tensor>();
  const addInit = (t: Tensor, what: string): void => {
    if (initializers.has(t.name)) fail(ctx, here, `${what} "${t.name}" is defined twice`);
    initializers.set(t.name, t);
  };
  (g.initializer ?? []).forEach((t, i) =>
    addInit(tensorFromMsg(t, place(`initializer #${i} "${t.name ?? ''}"`)), 'initializer'),
  );
  (g.sparse_initializer ?? []).forEach((s, i) =>
    addInit(tensorFromSparseMsg(s, place(`sparse initializer #${i}`)), 'sparse initializer'),
  );

  const valueInfo = new Map<string, ValueInfo>();
  for (const v of g.value_info ?? []) valueInfo.set(v.name ?? '', convertValueInfo(v));
  const nodes = (g.node ?? []).map((n, i) => convertNode(n, i, ctx, here, depth));
  assignNodeIds(nodes);
  return {
    name,
    nodes,
    // ONNX (IR < 4) lists initializers among the inputs too; those are constants, not inputs.
    inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(convertValueInfo),
    outputs: (g.output ?? []).map(convertValueInfo),
    valueInfo,
    initializers,
  };
}

function convertValueInfo(v: ValueInfoMsg): ValueInfo {
  const { dtype, shape } = tensorTypeOf(v.type ?? null);
  return { name: v.name ?? '', dtype, shape };
}

/** dtype and shape of a tensor type (looking through optional<tensor>); null when unknown. */
function tensorTypeOf(t: TypeMsg | null): Pick<ValueInfo, 'dtype' | 'shape'> {
  let type = t;
  if (type?.optional_type?.elem_type) type = type.optional_type.elem_type;
  const tt = type?.tensor_type ?? type?.sparse_tensor_type;
  if (!tt) return { dtype: null, shape: null };
  const shape: Dim[] | null = tt.shape
    ? (tt.shape.dim ?? []).map((d) => {
        if (Object.prototype.hasOwnProperty.call(d, 'dim_value') && d.dim_value !== null)
          return toNumber(d.dim_value);
        if (d.dim_param) return d.dim_param;
        return null;
      })
    : null;
  return { dtype: dtypeFromOnnx(tt.elem_type ?? 0), shape };
}

function convertNode(n: NodeMsg, index: number, ctx: Ctx, graphWhere: string, depth: number): Node {
  const name = n.name ?? '';
  const opType = n.op_type ?? '';
  const where = `${graphWhere}, node #${index}${name ? ` "${name}"` : ''}`;
  if (!opType) fail(ctx, where, 'has no op_type');
  const attributes: Record<string, Attribute> = {};
  for (const a of n.attribute ?? []) {
    const attrName = a.name ?? '';
    if (!attrName) fail(ctx, where, 'has an attribute without a name');
    if (a.ref_attr_name)
      fail(
        ctx,
        where,
        `attribute "${attrName}" refers to a function attribute, which is only valid inside functions`,
      );
    let key = attrName;
    // A Constant's sparse_value is stored densified, so it becomes the equivalent dense `value`.
    if (opType === 'Constant' && attrName === 'sparse_value') key = 'value';
    attributes[key] = convertAttribute(a, ctx, `${where}, attribute "${attrName}"`, depth);
  }
  return {
    id: '',
    name,
    opType,
    domain: n.domain === 'ai.onnx' ? '' : (n.domain ?? ''),
    attributes,
    inputs: [...(n.input ?? [])],
    outputs: [...(n.output ?? [])],
  };
}

/** The attribute's type; IR v1 files carry none, so infer it from which field is set. */
function attributeType(a: AttributeMsg): number {
  if (a.type) return a.type;
  const own = (f: keyof AttributeMsg): boolean => Object.prototype.hasOwnProperty.call(a, f);
  if (own('f')) return ATTR.FLOAT;
  if (own('i')) return ATTR.INT;
  if (own('s')) return ATTR.STRING;
  if (a.t) return ATTR.TENSOR;
  if (a.g) return ATTR.GRAPH;
  if (a.floats?.length) return ATTR.FLOATS;
  if (a.ints?.length) return ATTR.INTS;
  if (a.strings?.length) return ATTR.STRINGS;
  if (a.tensors?.length) return ATTR.TENSORS;
  if (a.graphs?.length) return ATTR.GRAPHS;
  return ATTR.UNDEFINED;
}

function convertAttribute(a: AttributeMsg, ctx: Ctx, where: string, depth: number): Attribute {
  const place = (): TensorPlace => ({ file: ctx.file, where, baseDir: ctx.baseDir });
  const tensor = (t: TensorMsg | null | undefined): Tensor => {
    if (!t) fail(ctx, where, 'is a tensor attribute without a tensor');
    return tensorFromMsg(t, place());
  };
  const graph = (g: GraphMsg | null | undefined, i?: number): Graph => {
    if (!g) fail(ctx, where, 'is a graph attribute without a graph');
    return convertGraph(g, ctx, `${where}${i === undefined ? '' : ` #${i}`}, subgraph`, depth + 1);
  };
  const type = attributeType(a);
  switch (type) {
    case ATTR.FLOAT:
      return { type: 'float', value: a.f ?? 0 };
    case ATTR.INT:
      return { type: 'int', value: toNumber(a.i) };
    case ATTR.STRING:
      return { type: 'string', value: utf8.decode(a.s ?? new Uint8Array(0)) };
    case ATTR.TENSOR:
      return { type: 'tensor', value: tensor(a.t) };
    case ATTR.GRAPH:
      return { type: 'graph', value: graph(a.g) };
    case ATTR.FLOATS:
      return { type: 'floats', value: Array.from(a.floats ?? []) };
    case ATTR.INTS:
      return { type: 'ints', value: (a.ints ?? []).map(toNumber) };
    case ATTR.STRINGS:
      return { type: 'strings', value: (a.strings ?? []).map((s) => utf8.decode(s)) };
    case ATTR.TENSORS:
      return { type: 'tensors', value: (a.tensors ?? []).map(tensor) };
    case ATTR.GRAPHS:
      return { type: 'graphs', value: (a.graphs ?? []).map((g, i) => graph(g, i)) };
    case ATTR.SPARSE_TENSOR:
      if (!a.sparse_tensor) fail(ctx, where, 'is a sparse tensor attribute without a tensor');
      return { type: 'tensor', value: tensorFromSparseMsg(a.sparse_tensor, place()) };
    case ATTR.SPARSE_TENSORS:
      return {
        type: 'tensors',
        value: (a.sparse_tensors ?? []).map((s) => tensorFromSparseMsg(s, place())),
      };
    // The graph model has no type-valued attribute; keep ONNX's type notation as text
    // (e.g. "optional(seq(tensor(float)))"), which the writer turns back into a TypeProto.
    case ATTR.TYPE_PROTO:
      return { type: 'string', value: typeProtoText(a.tp ?? null) };
    case ATTR.TYPE_PROTOS:
      return { type: 'strings', value: (a.type_protos ?? []).map(typeProtoText) };
    default:
      return fail(
        ctx,
        where,
        `has attribute type ${type}, expected one of the ONNX AttributeType values`,
      );
  }
}

/** Node names are optional and may repeat; ids must be unique within the graph. */
function assignNodeIds(nodes: Node[]): void {
  const counts = new Map<string, number>();
  for (const n of nodes) if (n.name) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
  const taken = new Set<string>();
  for (const n of nodes) if (n.name && counts.get(n.name) === 1) taken.add(n.name);
  nodes.forEach((n, i) => {
    if (n.name && counts.get(n.name) === 1) {
      n.id = n.name;
      return;
    }
    let id = `${n.name || n.opType}#${i}`;
    while (taken.has(id)) id += '_';
    taken.add(id);
    n.id = id;
  });
}

/** ModelProto field tags a file can plausibly start with (field number + wire type). */
const MODEL_FIRST_TAGS = new Set([
  0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72, 0xa2, 0xca,
]);

export const onnxImporter: Importer = {
  id: 'onnx',
  extensions: ['.onnx'],
  sniff(head, fileName) {
    if (fileName.toLowerCase().endsWith('.onnx')) return true;
    const first = head[0];
    if (first === undefined) return 'empty file';
    if (MODEL_FIRST_TAGS.has(first)) return true;
    return `not an ONNX protobuf: starts with 0x${first.toString(16).padStart(2, '0')} (expected a ModelProto field tag such as 0x08 for ir_version)`;
  },
  async open(file, bytes) {
    return readOnnx(bytes, file);
  },
};

export { decodeTensorProto, encodeTensorProto } from './onnx-tensor-file';
