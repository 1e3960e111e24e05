import { UserError } from '../../api/errors';
import type { GraphModel, Node } from '../../model/graph';

export function nodeLabel(node: Node): string {
  return `node "${node.name || node.outputs[0] || node.id}" (${node.domain ? node.domain + '.' : ''}${node.opType})`;
}

/** Nodes in an order where every input is produced first (model order where it already is). */
export function topoOrder(model: GraphModel, nodes: Node[]): Node[] {
  const g = model.graph;
  const ready = new Set<string>(['', ...g.inputs.map((i) => i.name), ...g.initializers.keys()]);
  let pending = [...nodes];
  const order: Node[] = [];
  while (pending.length) {
    const waiting: Node[] = [];
    for (const n of pending) {
      if (n.inputs.every((x) => ready.has(x))) {
        order.push(n);
        n.outputs.forEach((o) => ready.add(o));
      } else waiting.push(n);
    }
    if (waiting.length === pending.length) {
      const n = waiting[0]!;
      const missing = n.inputs.filter((x) => !ready.has(x));
      throw new UserError(
        'BadModel',
        `${nodeLabel(n)} reads ${missing.map((m) => `"${m}"`).join(', ')}, which no node, input or initializer provides (or the graph has a cycle).`,
      );
    }
    pending = waiting;
  }
  return order;
}
