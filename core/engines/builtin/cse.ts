import type { GraphModel, Node, Tensor } from '../../model/graph';
import type { Rewrite } from './fusion-util';

/**
 * Ops merged when two nodes compute the same thing: the quantizers QDQ exporters repeat
 * per consumer (one QuantizeLinear of the same activation for each of Q, K and V) and the
 * shape arithmetic that gets duplicated. Kept to cheap, pure ops so a plan's products stay
 * one step per MatMul in the model.
 */
const MERGEABLE = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'Shape',
  'Cast',
  'Unsqueeze',
  'Squeeze',
  'Gather',
]);

/** Small constants compare by content (each quantizer has its own equal scale initializer). */
function constantKey(t: Tensor): string | undefined {
  if (t.dtype === 'string' || t.bytes().byteLength > 64) return undefined;
  return `${t.dtype}[${t.dims.join(',')}]:${Array.from(t.bytes()).join(',')}`;
}

/**
 * Common-subexpression elimination over `order` (topological): a node whose op, attributes
 * and inputs (constants by content) equal an earlier node's is dropped and its outputs read
 * from the earlier one. The survivor covers the dropped nodes' names.
 */
export function mergeDuplicates(model: GraphModel, order: Node[]): Rewrite {
  const g = model.graph;
  const outputs = new Set(g.outputs.map((o) => o.name));
  const rename = new Map<string, string>();
  const seen = new Map<string, Node>();
  const fused = new Map<Node, Node[]>();
  const nodes: Node[] = [];
  const keyOf = (n: Node): string | undefined => {
    if (!MERGEABLE.has(n.opType) || n.domain) return undefined;
    if (
      Object.values(n.attributes).some((a) =>
        ['tensor', 'tensors', 'graph', 'graphs'].includes(a.type),
      )
    )
      return undefined;
    const ins = n.inputs.map((i) => {
      const t = g.initializers.get(i);
      return t ? (constantKey(t) ?? `=${i}`) : i;
    });
    return `${n.opType}|${JSON.stringify(n.attributes)}|${ins.join('|')}`;
  };
  for (const original of order) {
    const n = original.inputs.some((i) => rename.has(i))
      ? { ...original, inputs: original.inputs.map((i) => rename.get(i) ?? i) }
      : original;
    const key = keyOf(n);
    const twin = key === undefined ? undefined : seen.get(key);
    if (twin && !n.outputs.some((o) => outputs.has(o))) {
      n.outputs.forEach((o, i) => o && rename.set(o, twin.outputs[i]!));
      fused.set(twin, [...(fused.get(twin) ?? [twin]), original]);
      continue;
    }
    if (key !== undefined) seen.set(key, n);
    nodes.push(n);
  }
  return { nodes, fused };
}
