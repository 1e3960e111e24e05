import type { Graph, Node } from '../model/graph';

/** A runtime node as far as mapping needs it: its name and the values it reads and writes. */
export interface RuntimeNodeRef {
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

export interface OriginalsMapping {
  /** Per runtime node (same order), the original node names it covers. */
  originals: string[][];
  /** Original nodes no runtime node covers: folded at load, optimized out, packed into a weight. */
  unmapped: { name: string; op_type: string }[];
}

/**
 * Map runtime nodes (ORT's optimized graph, the builtin's plan) back to the original model's
 * nodes by structure, like OpenVINO's originalLayersNames. A runtime node covers the original
 * node of the same name, and every original node upstream of its outputs whose values exist
 * only inside the fusion: the walk stops at any value the runtime graph itself reads or
 * writes (a fusion's inputs), at constants, and at nodes another runtime node has by name.
 * Runtime-only nodes (layout reorders, inserted casts) cover nothing; original nodes nothing
 * covers are listed as unmapped.
 */
export function mapToOriginals(graph: Graph, runtime: readonly RuntimeNodeRef[]): OriginalsMapping {
  const byName = new Map<string, Node>();
  const producer = new Map<string, Node>();
  for (const n of graph.nodes) {
    byName.set(n.name || n.id, n);
    for (const o of n.outputs) if (o) producer.set(o, n);
  }
  const runtimeValues = new Set<string>();
  for (const r of runtime) {
    for (const i of r.inputs) if (i) runtimeValues.add(i);
    for (const o of r.outputs) if (o) runtimeValues.add(o);
  }
  const owner = new Map<Node, number>();
  runtime.forEach((r, i) => {
    const same = byName.get(r.name);
    if (same && !owner.has(same)) owner.set(same, i);
  });
  const originals: string[][] = runtime.map(() => []);
  runtime.forEach((r, i) => {
    const stack: Node[] = [];
    const same = byName.get(r.name);
    if (same && owner.get(same) === i) stack.push(same);
    for (const o of r.outputs) {
      const p = o ? producer.get(o) : undefined;
      if (p) stack.push(p);
    }
    const seen = new Set<Node>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const claimed = owner.get(n);
      if (claimed !== undefined && claimed !== i) continue;
      owner.set(n, i);
      for (const t of n.inputs) {
        if (!t || runtimeValues.has(t)) continue;
        const p = producer.get(t);
        if (p && !seen.has(p)) stack.push(p);
      }
    }
  });
  // Report originals in the model's order, so a fusion reads top to bottom.
  const unmapped: OriginalsMapping['unmapped'] = [];
  for (const n of graph.nodes) {
    const i = owner.get(n);
    if (i === undefined) unmapped.push({ name: n.name || n.id, op_type: n.opType });
    else originals[i]!.push(n.name || n.id);
  }
  return { originals, unmapped };
}
