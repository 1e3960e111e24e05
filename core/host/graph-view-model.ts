import type {
  GraphView,
  GraphViewAttribute,
  GraphViewConstant,
  GraphViewGraph,
  GraphViewNode,
  GraphViewValue,
} from '../api/graph-view';
import type { Attribute, DType, Graph, GraphModel, Node, Tensor } from '../model/graph';
import { propagateShapes } from '../model/shape-propagation';
import { dtypeFromOnnx, elementCount, tensorByteLength, tensorToArray } from '../model/tensor';

/** The main graph's id; a subgraph's is its holder's path, `main/If_3/then_branch`. */
export const MAIN_GRAPH = 'main';

/** Where symbolic dims are bound when shapes have to be inferred. */
export interface ShapesAt {
  batch: number;
  seq: number;
}

const MAX_LIST = 8;
const MAX_TEXT = 48;

const cut = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);
const num = (v: number): string =>
  Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
const list = (xs: readonly (number | string)[], f: (x: number | string) => string): string =>
  `[${xs.slice(0, MAX_LIST).map(f).join(', ')}${xs.length > MAX_LIST ? ', …' : ''}]`;

/** A small constant's values in the text (`value = 0.125`), a large one's type and shape. */
function tensorText(t: Tensor): string {
  const n = elementCount(t.dims);
  const head = `⟨${t.dtype}${t.dims.length ? ` ${t.dims.join('×')}` : ''}⟩`;
  if (n === 0 || n > MAX_LIST) return head;
  if (t.dtype === 'string') return cut(`${head} ${JSON.stringify(t.strings?.() ?? [])}`);
  try {
    const values = Array.from(tensorToArray(t) as ArrayLike<number | bigint>, Number);
    return cut(
      n === 1 && t.dims.length === 0 ? num(values[0]!) : `${list(values, (x) => num(Number(x)))}`,
    );
  } catch {
    return head;
  }
}

function attributeText(a: Attribute, graphId: (g: Graph, i: number) => string): string {
  switch (a.type) {
    case 'float':
    case 'int':
      return num(a.value);
    case 'string':
      return cut(JSON.stringify(a.value));
    case 'floats':
    case 'ints':
      return cut(list(a.value, (x) => num(Number(x))));
    case 'strings':
      return cut(list(a.value, (x) => JSON.stringify(x)));
    case 'tensor':
      return tensorText(a.value);
    case 'tensors':
      return `${a.value.length} tensor(s)`;
    case 'graph':
      return `graph ${graphId(a.value, 0)}`;
    case 'graphs':
      return `${a.value.length} graph(s)`;
  }
}

/** Output dtypes of the ops whose result type is not their first input's. */
function inferDType(n: Node, inputs: (DType | null)[]): (DType | null)[] {
  const first = inputs.find((t) => t !== null) ?? null;
  switch (n.opType) {
    case 'Cast': {
      const to = n.attributes.to;
      return [to?.type === 'int' ? dtypeFromOnnx(to.value) : null];
    }
    case 'Shape':
    case 'Size':
    case 'ArgMax':
    case 'ArgMin':
    case 'NonZero':
      return n.outputs.map(() => 'int64');
    case 'Equal':
    case 'Less':
    case 'Greater':
    case 'LessOrEqual':
    case 'GreaterOrEqual':
    case 'Not':
    case 'And':
    case 'Or':
    case 'IsNaN':
    case 'IsInf':
      return ['bool'];
    case 'MatMulInteger':
    case 'ConvInteger':
      return ['int32'];
    case 'DequantizeLinear':
      return [inputs[1] ?? 'float32'];
    case 'QuantizeLinear':
      return [inputs[2] ?? 'uint8'];
    case 'DynamicQuantizeLinear':
      return ['uint8', 'float32', 'uint8'];
    case 'Constant': {
      const v = n.attributes.value;
      return [v?.type === 'tensor' ? v.value.dtype : null];
    }
    default:
      return n.outputs.map(() => first);
  }
}

/**
 * Values' types and shapes: declared ones from the file first; for the rest, shapes from
 * SparseScope's shape propagation at `at` and dtypes from the ops' simple typing rules.
 */
function valuesOf(g: Graph, at: ShapesAt): GraphViewValue[] {
  const known = new Map<string, GraphViewValue>();
  const declare = (v: { name: string; dtype: DType | null; shape: GraphViewValue['shape'] }) => {
    if (v.name && (v.dtype !== null || v.shape !== null))
      known.set(v.name, { name: v.name, dtype: v.dtype, shape: v.shape, source: 'declared' });
  };
  for (const v of g.inputs) declare(v);
  for (const v of g.outputs) declare(v);
  for (const v of g.valueInfo.values()) declare(v);
  const dtypes = new Map<string, DType | null>();
  for (const [name, v] of known) dtypes.set(name, v.dtype);
  for (const [name, t] of g.initializers) dtypes.set(name, t.dtype);
  for (const n of g.nodes) {
    const out = inferDType(
      n,
      n.inputs.map((i) => dtypes.get(i) ?? null),
    );
    n.outputs.forEach((o, k) => {
      if (o && !dtypes.get(o)) dtypes.set(o, out[k] ?? null);
    });
  }
  let shapes = new Map<string, number[]>();
  try {
    shapes = propagateShapes(g, at).shapes;
  } catch {
    // Shape propagation is best effort: an odd graph just shows fewer shapes.
  }
  for (const n of g.nodes)
    for (const o of n.outputs) {
      if (!o) continue;
      const have = known.get(o);
      if (have) {
        if (have.dtype === null) have.dtype = dtypes.get(o) ?? null;
        continue;
      }
      const dtype = dtypes.get(o) ?? null;
      const shape = shapes.get(o) ?? null;
      if (dtype !== null || shape !== null)
        known.set(o, { name: o, dtype, shape, source: 'inferred' });
    }
  return [...known.values()];
}

function constantOf(name: string, t: Tensor): GraphViewConstant {
  const n = elementCount(t.dims);
  return {
    name,
    dtype: t.dtype,
    shape: [...t.dims],
    bytes: t.dtype === 'string' ? 0 : tensorByteLength(t.dtype, n),
  };
}

/** Every graph of a model as wire data: the main graph first, then subgraphs depth first. */
export function graphsOf(model: GraphModel, at: ShapesAt): GraphViewGraph[] {
  const out: GraphViewGraph[] = [];
  const visit = (g: Graph, id: string, parent: GraphViewGraph['parent']): void => {
    const used = new Set(g.nodes.flatMap((n) => n.inputs));
    const constants: GraphViewConstant[] = [];
    for (const [name, t] of g.initializers) if (used.has(name)) constants.push(constantOf(name, t));
    const children: { g: Graph; id: string; parent: NonNullable<GraphViewGraph['parent']> }[] = [];
    const nodes: GraphViewNode[] = g.nodes.map((n) => {
      const subgraphs: GraphViewNode['subgraphs'] = [];
      const subId = (attribute: string, i: number, many: boolean) =>
        `${id}/${n.id}/${attribute}${many ? `[${i}]` : ''}`;
      const attributes: GraphViewAttribute[] = Object.entries(n.attributes).map(([name, a]) => {
        const graphs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
        graphs.forEach((sg, i) => {
          const sid = subId(name, i, a.type === 'graphs');
          subgraphs.push({ attribute: name, graph: sid });
          children.push({ g: sg, id: sid, parent: { graph: id, node: n.id, attribute: name } });
        });
        return {
          name,
          type: a.type,
          text: attributeText(a, (_sg, i) => subId(name, i, a.type === 'graphs')),
        };
      });
      return {
        id: n.id,
        name: n.name || n.id,
        opType: n.opType,
        domain: n.domain,
        attributes,
        inputs: [...n.inputs],
        outputs: [...n.outputs],
        subgraphs,
      };
    });
    out.push({
      id,
      name: g.name,
      parent,
      inputs: g.inputs.map((v) => v.name),
      outputs: g.outputs.map((v) => v.name),
      nodes,
      values: valuesOf(g, at),
      constants,
    });
    for (const c of children) visit(c.g, c.id, c.parent);
  };
  visit(model.graph, MAIN_GRAPH, null);
  return out;
}

/** The original model as the Graph area draws it. */
export function graphViewOf(
  model: GraphModel,
  options: { modelId: string | null; title: string; at?: ShapesAt },
): GraphView {
  const at = options.at ?? { batch: 1, seq: 128 };
  const graphs = graphsOf(model, at);
  const main = graphs[0]!;
  const byName = new Map(main.values.map((v) => [v.name, v]));
  const io = (names: string[]): GraphViewValue[] =>
    names.map((name) => byName.get(name) ?? { name, dtype: null, shape: null, source: 'declared' });
  const total = graphs.reduce((s, g) => s + g.nodes.length, 0);
  return {
    version: 1,
    modelId: options.modelId,
    title: options.title,
    kind: 'original',
    properties: {
      path: model.path,
      format: model.format,
      producer: model.producer,
      producerVersion: model.producerVersion,
      irVersion: model.irVersion,
      opsets: { ...model.opsets },
      metadata: { ...model.metadata },
      inputs: io(main.inputs),
      outputs: io(main.outputs),
      nodeCount: main.nodes.length,
      subgraphNodeCount: total - main.nodes.length,
    },
    graphs,
    shapesAt: at,
    runtime: null,
  };
}

/** The tensor a graph view names: an initializer of that graph or a Constant node's value. */
export function findTensor(model: GraphModel, graphId: string, name: string): Tensor | null {
  const found: Graph[] = [];
  const visit = (g: Graph, id: string): void => {
    if (id === graphId) found.push(g);
    for (const n of g.nodes)
      for (const [attr, a] of Object.entries(n.attributes)) {
        if (a.type === 'graph') visit(a.value, `${id}/${n.id}/${attr}`);
        if (a.type === 'graphs')
          a.value.forEach((sg, i) => visit(sg, `${id}/${n.id}/${attr}[${i}]`));
      }
  };
  visit(model.graph, MAIN_GRAPH);
  const g = found[0];
  if (!g) return null;
  const t = g.initializers.get(name);
  if (t) return t;
  for (const n of g.nodes) {
    const v = n.attributes.value;
    if (n.opType === 'Constant' && v?.type === 'tensor' && n.outputs[0] === name) return v.value;
  }
  return null;
}
