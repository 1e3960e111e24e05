import type { GraphModel, Node } from '../../model/graph';
import { tensorToArray } from '../../model/tensor';

/** What every load-time rewrite returns: the new node list and, per fused node, what it replaced. */
export interface Rewrite {
  nodes: Node[];
  fused: Map<Node, Node[]>;
}

/** Who produces and who reads each value of a node list. */
export interface GraphIndex {
  producer: Map<string, Node>;
  consumers: Map<string, Node[]>;
  outputs: Set<string>;
}

export function indexGraph(model: GraphModel, nodes: Node[]): GraphIndex {
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) {
    for (const o of n.outputs) if (o) producer.set(o, n);
    for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  return { producer, consumers, outputs: new Set(model.graph.outputs.map((o) => o.name)) };
}

/** The single reader of `value`, when it has exactly one and is not a graph output. */
export function onlyConsumer(ix: GraphIndex, value: string): Node | undefined {
  const c = ix.consumers.get(value) ?? [];
  return c.length === 1 && !ix.outputs.has(value) ? c[0] : undefined;
}

/** A constant's numbers: an initializer, or the value of a Constant node. */
export function constantNumbers(
  model: GraphModel,
  ix: GraphIndex,
  name: string,
): number[] | undefined {
  const t = model.graph.initializers.get(name);
  const p = t ? undefined : ix.producer.get(name);
  const v = p && p.opType === 'Constant' && !p.domain ? p.attributes.value : undefined;
  const tensor = t ?? (v?.type === 'tensor' ? v.value : undefined);
  if (!tensor || tensor.dtype === 'string') return undefined;
  const arr = tensorToArray(tensor);
  return Array.from(arr as ArrayLike<number | bigint>, (x) => Number(x));
}

/** A node's display name (what profiles and notes call it). */
export function nodeName(n: Node): string {
  return n.name || n.outputs[0] || n.id;
}

/** The common '/'-separated prefix of some node names ("layer0/attention" …), or the first name. */
export function commonPrefix(names: string[]): string {
  const parts = names.map((n) => n.split('/'));
  const first = parts[0] ?? [];
  let i = 0;
  while (i < first.length - 1 && parts.every((p) => p[i] === first[i])) i++;
  return i > 0 ? first.slice(0, i).join('/') : (names[0] ?? '');
}

/** Replace `groups` (each becoming its fused node) in the list, keeping everything else. */
export function applyFusions(nodes: Node[], groups: Map<Node, Node[]>): Rewrite {
  if (groups.size === 0) return { nodes, fused: groups };
  const removed = new Set<Node>();
  for (const parts of groups.values()) for (const p of parts) removed.add(p);
  return { nodes: [...nodes.filter((n) => !removed.has(n)), ...groups.keys()], fused: groups };
}
