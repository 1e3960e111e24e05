import type { Attribute, Dim, Graph, Node, Tensor } from '../graph';
import { parseDataAttributes } from './ir-attributes';
import { irError } from './ir-error';
import { dtypeOf, normalisedId, readLayer, type IrLayer, type IrPort } from './ir-layers';
import { parsePartialShape } from './ir-shapes';
import { sortLayers, type Producer } from './ir-topo';
import type { WeightsFile } from './ir-weights';
import { constTensor } from './ir-weights';
import { child, childrenNamed, elementPlace, type XmlElement } from './xml-tree';

/** Shared by the top-level graph and every sub-graph body. */
export interface BuildContext {
  file: string;
  weights: WeightsFile;
  /** Opset versions seen, filled in while layers are read (see ir-importer.ts). */
  opsets: Record<string, number>;
}

/** A built graph plus, per Parameter/Result layer id, its value — for sub-graph port maps. */
export interface BuiltGraph {
  graph: Graph;
  layerValues: Map<string, string>;
}

/** Layer children that are part of the layer itself, not extra structure to keep. */
const LAYER_PARTS = new Set(['data', 'input', 'output', 'rt_info']);

/**
 * Map one `<layers>` + `<edges>` scope (the `<net>` or a TensorIterator/Loop/If body) onto a
 * Graph: Parameter → inputs, Result → outputs, Const → initializers, all else → nodes.
 */
export function buildGraph(scope: XmlElement, name: string, ctx: BuildContext): BuiltGraph {
  const { file } = ctx;
  const layersEl = child(scope, 'layers');
  if (!layersEl) throw irError(file, elementPlace(scope), 'a <layers> element inside it', 'none');

  const layers = new Map<string, IrLayer>();
  for (const el of childrenNamed(layersEl, 'layer')) {
    const layer = readLayer(file, el);
    if (layers.has(layer.id))
      throw irError(file, layer.place, 'layer ids unique', `id ${layer.id} used twice`);
    layers.set(layer.id, layer);
    if (layer.version !== undefined) recordOpset(ctx.opsets, layer.version);
    if (layer.type === 'Parameter') declareParameter(file, layer);
  }

  const { values, producers } = nameOutputValues(layers);
  const inputsOf = connectEdges(file, scope, layers, values);
  const order = sortLayers(file, layers, inputsOf, producers);

  const graph: Graph = {
    name,
    nodes: [],
    inputs: [],
    outputs: [],
    valueInfo: new Map(),
    initializers: new Map(),
  };
  const layerValues = new Map<string, string>();
  const nodeIds = new Set<string>();
  const nameCounts = countNames(layers);

  for (const layer of order) {
    const ins = layer.inputs.map((p) => {
      const v = inputsOf.get(portKey(layer.id, p.id));
      if (v === undefined)
        throw irError(
          file,
          `${layer.place} input port ${p.id}`,
          'an <edge> into this port',
          'none',
        );
      return v;
    });
    const outs = layer.outputs.map((p) => values.get(portKey(layer.id, p.id))!);

    if (layer.type === 'Parameter') {
      const value = single(file, layer, outs, 'output');
      const port = layer.outputs[0];
      graph.inputs.push({ name: value, dtype: port.dtype, shape: port.shape });
      layerValues.set(layer.id, value);
    } else if (layer.type === 'Result') {
      const value = single(file, layer, ins, 'input');
      // The producer's output port is authoritative; the Result's input port repeats it.
      const port = producers.get(value)?.port ?? layer.inputs[0];
      graph.outputs.push({ name: value, dtype: port.dtype, shape: port.shape });
      layerValues.set(layer.id, value);
    } else if (layer.type === 'Const') {
      const value = single(file, layer, outs, 'output');
      graph.initializers.set(value, constOf(ctx, layer, value));
    } else {
      if (layer.version === undefined)
        throw irError(file, layer.place, 'a version="…" attribute (e.g. "opset1")', 'none');
      graph.nodes.push(nodeOf(ctx, layer, uniqueNodeId(layer, nameCounts, nodeIds), ins, outs));
      layer.outputs.forEach((p, i) =>
        graph.valueInfo.set(outs[i], { name: outs[i], dtype: p.dtype, shape: p.shape }),
      );
    }
  }
  return { graph, layerValues };
}

/**
 * Opsets are recorded as `{ opset8: 8 }`: the IR names op sets ("opset1" … "opset15",
 * or extension sets like "ie_internal_opset"), and each name is also its node domain. The
 * number is the trailing version in the name, or 1 for sets without one.
 */
function recordOpset(opsets: Record<string, number>, version: string): void {
  const m = /(\d+)$/.exec(version);
  const n = m ? Number(m[1]) : 1;
  opsets[version] = Number.isSafeInteger(n) ? n : 1;
}

function portKey(layerId: string, portId: string): string {
  return `${layerId}:${portId}`;
}

/**
 * Every output port is a value. Its name is the port's tensor name when it has one (that is
 * what OpenVINO's API and benchmark_app's `-shape input_ids[1,64]` use), else
 * "<layerName>:<portId>"; collisions fall back to ever more specific names.
 */
function nameOutputValues(layers: Map<string, IrLayer>): {
  values: Map<string, string>;
  producers: Map<string, Producer>;
} {
  const used = new Set<string>();
  const values = new Map<string, string>();
  const producers = new Map<string, Producer>();
  for (const layer of layers.values()) {
    for (const port of layer.outputs) {
      // A Parameter without tensor names is known by its layer name (as in OpenVINO's v10-era API).
      const bare = layer.type === 'Parameter' ? layer.name : undefined;
      const candidates = [
        port.tensorName,
        bare,
        `${layer.name}:${port.id}`,
        `${layer.name}#${layer.id}:${port.id}`,
      ];
      let chosen = candidates.find((c) => c !== undefined && !used.has(c));
      for (let i = 2; chosen === undefined; i++) {
        const c = `${layer.name}#${layer.id}:${port.id}~${i}`;
        if (!used.has(c)) chosen = c;
      }
      used.add(chosen);
      values.set(portKey(layer.id, port.id), chosen);
      producers.set(chosen, { layer, port });
    }
  }
  return { values, producers };
}

/** Follow `<edge>`s: (to-layer, to-port) → value name, checking both ends exist. */
function connectEdges(
  file: string,
  scope: XmlElement,
  layers: Map<string, IrLayer>,
  values: Map<string, string>,
): Map<string, string> {
  const inputsOf = new Map<string, string>();
  const edgesEl = child(scope, 'edges');
  if (!edgesEl) return inputsOf;
  for (const edge of childrenNamed(edgesEl, 'edge')) {
    const place = elementPlace(edge);
    const end = (
      layerAttr: string,
      portAttr: string,
      side: 'input' | 'output',
    ): [IrLayer, IrPort] => {
      const layerId = normalisedId(
        file,
        place,
        edge.attrs[layerAttr],
        `an integer ${layerAttr}="…" attribute`,
      );
      const portId = normalisedId(
        file,
        place,
        edge.attrs[portAttr],
        `an integer ${portAttr}="…" attribute`,
      );
      const layer = layers.get(layerId);
      if (!layer)
        throw irError(
          file,
          place,
          `${layerAttr}="${layerId}" to name a layer of this graph`,
          'no such layer',
        );
      const ports = side === 'output' ? layer.outputs : layer.inputs;
      const port = ports.find((p) => p.id === portId);
      if (!port) {
        const have = ports.map((p) => p.id).join(', ') || 'none';
        throw irError(
          file,
          place,
          `${portAttr}="${portId}" to be an ${side} port of ${layer.place} (has ${have})`,
          'no such port',
        );
      }
      return [layer, port];
    };
    const [fromLayer, fromPort] = end('from-layer', 'from-port', 'output');
    const [toLayer, toPort] = end('to-layer', 'to-port', 'input');
    const key = portKey(toLayer.id, toPort.id);
    if (inputsOf.has(key)) {
      throw irError(
        file,
        place,
        `one edge into ${toLayer.place} input port ${toPort.id}`,
        'a second one',
      );
    }
    inputsOf.set(key, values.get(portKey(fromLayer.id, fromPort.id))!);
  }
  return inputsOf;
}

function single(file: string, layer: IrLayer, list: string[], side: 'input' | 'output'): string {
  if (list.length !== 1)
    throw irError(
      file,
      layer.place,
      `exactly one ${side} port on a ${layer.type}`,
      String(list.length),
    );
  return list[0];
}

/**
 * Parameter: `<data shape element_type>` is the declaration and the port the fallback. The
 * declaration is written onto the port so every use of the value agrees — a port without
 * <dim>s cannot tell a scalar from a dynamic rank ("..."), the declaration can.
 */
function declareParameter(file: string, layer: IrLayer): void {
  const port = layer.outputs[0] as IrPort | undefined;
  const data = layer.data;
  if (!port || !data) return;
  if (data.attrs.element_type !== undefined) {
    port.dtype =
      dtypeOf(file, `${layer.place} <data element_type>`, data.attrs.element_type) ?? port.dtype;
  }
  if (data.attrs.shape !== undefined) {
    const parsed = parsePartialShape(data.attrs.shape);
    if (parsed === undefined) {
      throw irError(
        file,
        `${layer.place} <data shape>`,
        'comma-separated dims (sizes, -1, ? or a..b)',
        JSON.stringify(data.attrs.shape),
      );
    }
    port.shape = parsed;
  }
}

function constOf(ctx: BuildContext, layer: IrLayer, value: string): Tensor {
  const { file } = ctx;
  const data = layer.data;
  if (!data)
    throw irError(
      file,
      layer.place,
      'a <data element_type offset size shape> element on a Const',
      'none',
    );
  const port = layer.outputs[0];
  const rawType = data.attrs.element_type;
  const dtype =
    rawType === undefined
      ? port.dtype
      : dtypeOf(file, `${layer.place} <data element_type>`, rawType);
  if (dtype === null)
    throw irError(file, layer.place, 'a concrete element_type on a Const', rawType ?? 'none');
  let dims: Dim[] = port.shape ?? [];
  if (data.attrs.shape !== undefined) {
    const parsed = parsePartialShape(data.attrs.shape);
    if (parsed === undefined || parsed === null) {
      throw irError(
        file,
        `${layer.place} <data shape>`,
        'comma-separated sizes',
        JSON.stringify(data.attrs.shape),
      );
    }
    dims = parsed;
  }
  return constTensor(file, layer.el, data, value, dtype, dims, ctx.weights);
}

function countNames(layers: Map<string, IrLayer>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of layers.values()) counts.set(l.name, (counts.get(l.name) ?? 0) + 1);
  return counts;
}

/** The layer name when unique in the graph, else name + layer id (still readable, unique). */
function uniqueNodeId(layer: IrLayer, nameCounts: Map<string, number>, taken: Set<string>): string {
  let id =
    nameCounts.get(layer.name) === 1 && !taken.has(layer.name)
      ? layer.name
      : `${layer.name}#${layer.id}`;
  for (let i = 2; taken.has(id); i++) id = `${layer.name}#${layer.id}~${i}`;
  taken.add(id);
  return id;
}

function nodeOf(
  ctx: BuildContext,
  layer: IrLayer,
  id: string,
  inputs: string[],
  outputs: string[],
): Node {
  const attributes: Record<string, Attribute> = layer.data
    ? parseDataAttributes(layer.data.attrs)
    : {};
  Object.assign(attributes, subGraphAttributes(ctx, layer));
  return {
    id,
    name: layer.name,
    opType: layer.type,
    domain: layer.version ?? '',
    attributes,
    inputs,
    outputs,
  };
}

/**
 * TensorIterator/Loop (`<body>`) and If (`<then_body>`, `<else_body>`) carry whole graphs;
 * they become graph attributes of the same name. Their `<port_map>`/`<back_edges>` become
 * strings attributes, one JSON object per entry, with the body's value name added next to
 * `internal_layer_id` so consumers need not know the body's layer ids.
 */
function subGraphAttributes(ctx: BuildContext, layer: IrLayer): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  const bodies = new Map<string, BuiltGraph>();
  for (const part of layer.el.children) {
    if (LAYER_PARTS.has(part.name) || !child(part, 'layers')) continue;
    const built = buildGraph(part, `${layer.name}/${part.name}`, ctx);
    bodies.set(part.name, built);
    out[part.name] = { type: 'graph', value: built.graph };
  }
  const anyBody = bodies.size === 1 ? [...bodies.values()][0] : undefined;
  for (const part of layer.el.children) {
    if (LAYER_PARTS.has(part.name) || bodies.has(part.name)) continue;
    // If's then_port_map belongs to then_body, and so on; a lone body owns every map.
    const owner = bodies.get(part.name.replace(/port_map$/, 'body')) ?? anyBody;
    const entries = part.children.map((e) => {
      const entry: Record<string, string> = { tag: e.name, ...e.attrs };
      const internal = e.attrs.internal_layer_id;
      const v =
        internal === undefined ? undefined : owner?.layerValues.get(String(Number(internal)));
      if (v !== undefined) entry.internal_value = v;
      return JSON.stringify(entry);
    });
    out[part.name] = { type: 'strings', value: entries };
  }
  return out;
}
