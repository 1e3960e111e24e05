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

/**
 * The run order: depth first from the graph outputs, each node's inputs in input order, so a
 * value's producer runs just before its first reader and what a block needs is made together
 * (Q, K, V, then attention). It depends on the graph, not on the order the file lists nodes:
 * onnxruntime's optimizer writes the same BERT in a different order, and the file order ran
 * it ~30% slower on builtin (values lived longer, the arena and caches were used worse).
 * Nodes no output needs keep their topological place after the others.
 */
export function runOrder(model: GraphModel, nodes: Node[]): Node[] {
  const topo = topoOrder(model, nodes);
  const producer = new Map<string, Node>();
  for (const n of topo) for (const o of n.outputs) if (o) producer.set(o, n);
  const done = new Set<Node>();
  const order: Node[] = [];
  for (const out of model.graph.outputs) {
    const root = producer.get(out.name);
    if (!root || done.has(root)) continue;
    // Iterative post-order (graphs are thousands of nodes deep).
    const stack: [Node, number][] = [[root, 0]];
    done.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [n, i] = top;
      if (i < n.inputs.length) {
        top[1]++;
        const p = producer.get(n.inputs[i]!);
        if (p && !done.has(p)) {
          done.add(p);
          stack.push([p, 0]);
        }
      } else {
        stack.pop();
        order.push(n);
      }
    }
  }
  return [...order, ...topo.filter((n) => !done.has(n))];
}
