/** Find (Ctrl+F) in a graph: nodes by name, op type, or the name of a tensor they read or write. */
import type { GraphViewGraph } from '../api/graph-view';

export interface FindHit {
  nodeId: string;
  name: string;
  opType: string;
  /** What matched: the node's name, its op type, or one of its tensors (named in `detail`). */
  match: 'name' | 'op' | 'tensor';
  detail: string;
}

const RANK = { name: 0, op: 1, tensor: 2 } as const;

/**
 * Case-insensitive substring search; exact matches first, then names, op types, tensors,
 * each in graph order. At most `limit` hits (the list is for picking, not for counting).
 */
export function findNodes(graph: GraphViewGraph, query: string, limit = 100): FindHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: (FindHit & { exact: boolean; order: number })[] = [];
  graph.nodes.forEach((n, order) => {
    const name = n.name.toLowerCase();
    const op = n.opType.toLowerCase();
    let hit: FindHit | null = null;
    let exact = false;
    if (name.includes(q)) {
      hit = { nodeId: n.id, name: n.name, opType: n.opType, match: 'name', detail: n.name };
      exact = name === q;
    } else if (op.includes(q)) {
      hit = { nodeId: n.id, name: n.name, opType: n.opType, match: 'op', detail: n.opType };
      exact = op === q;
    } else {
      const t = [...n.inputs, ...n.outputs].find((v) => v && v.toLowerCase().includes(q));
      if (t) {
        hit = { nodeId: n.id, name: n.name, opType: n.opType, match: 'tensor', detail: t };
        exact = t.toLowerCase() === q;
      }
    }
    if (hit) hits.push({ ...hit, exact, order });
  });
  hits.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) || RANK[a.match] - RANK[b.match] || a.order - b.order,
  );
  return hits.slice(0, limit).map(({ exact: _e, order: _o, ...h }) => h);
}
