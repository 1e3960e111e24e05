/**
 * Repeated blocks (transformer layers) found by structure, not by name: a run of consecutive
 * blocks in topological order whose nodes have the same op types, attributes, weight shapes
 * and internal wiring. Names only label a group once it is found ("layer3" when its nodes
 * share that prefix), so a model with opaque names (Add_123) groups the same way.
 */
import type { GraphViewGraph, GraphViewNode } from '../api/graph-view';

export interface GraphGroup {
  /** `r<run>.<block>`: unique within the graph. */
  id: string;
  /** Which run of equal blocks it belongs to; blocks of one run have the same structure. */
  run: number;
  /** 0-based position in its run, and the run's length. */
  index: number;
  count: number;
  /** The common name prefix of its nodes, or "block N". */
  label: string;
  /** Its node ids in topological order; position r in every block of a run is the same op. */
  nodes: string[];
}

const MIN_BLOCK = 4;
const MAX_CANDIDATES = 8;

/**
 * The graph's nodes in a topological order that keeps file order wherever the file is
 * already sorted (ONNX requires it; runtime graphs come in execution order).
 */
export function topologicalOrder(g: GraphViewGraph): GraphViewNode[] {
  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => n.outputs.forEach((o) => o && producer.set(o, i)));
  const deps = g.nodes.map((n) => {
    const s = new Set<number>();
    for (const v of n.inputs) {
      const p = v ? producer.get(v) : undefined;
      if (p !== undefined) s.add(p);
    }
    return s;
  });
  const sorted = deps.every((s, i) => [...s].every((p) => p < i));
  if (sorted) return g.nodes;
  // Kahn's algorithm, always taking the earliest ready node in file order.
  const users: number[][] = g.nodes.map(() => []);
  const missing = deps.map((s) => s.size);
  deps.forEach((s, i) => s.forEach((p) => users[p]!.push(i)));
  const ready = missing.flatMap((m, i) => (m === 0 ? [i] : []));
  const out: GraphViewNode[] = [];
  const heapPush = (i: number) => {
    ready.push(i);
    ready.sort((a, b) => a - b);
  };
  while (ready.length) {
    const i = ready.shift()!;
    out.push(g.nodes[i]!);
    for (const u of users[i]!) if (--missing[u]! === 0) heapPush(u);
  }
  // A cycle (invalid graph) leaves nodes behind: append them in file order.
  if (out.length < g.nodes.length) {
    const seen = new Set(out);
    for (const n of g.nodes) if (!seen.has(n)) out.push(n);
  }
  return out;
}

/** The structural word of one node: op, arity and attributes (values included). */
function token(n: GraphViewNode): string {
  return `${n.domain}:${n.opType}/${n.inputs.length}/${n.outputs.length}/${n.attributes.map((a) => `${a.name}=${a.text}`).join(',')}`;
}

/** Block periods worth trying: the usual gaps between repeats of each op. */
function candidatePeriods(tokens: number[]): number[] {
  const last = new Map<number, number>();
  const tally = new Map<number, number>();
  tokens.forEach((t, i) => {
    const p = last.get(t);
    if (p !== undefined && i - p >= MIN_BLOCK) tally.set(i - p, (tally.get(i - p) ?? 0) + 1);
    last.set(t, i);
  });
  return [...tally]
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] * b[0] - a[1] * a[0] || b[0] - a[0])
    .slice(0, MAX_CANDIDATES)
    .map(([gap]) => gap);
}

interface Region {
  start: number;
  period: number;
  blocks: number;
}

/**
 * Find the region of [from, to) with the most nodes in ≥ 2 equal consecutive blocks, its
 * phase chosen where the fewest values cross the block boundaries (a layer's edge).
 */
function bestRegion(
  tokens: number[],
  crossing: Int32Array,
  signature: (start: number, period: number) => string,
  from: number,
  to: number,
): Region | null {
  let best: Region | null = null;
  for (const period of candidatePeriods(tokens.slice(from, to))) {
    let i = from;
    while (i + period < to) {
      if (tokens[i] !== tokens[i + period]) {
        i++;
        continue;
      }
      let j = i;
      while (j + period < to && tokens[j] === tokens[j + period]) j++;
      // Positions i..j-1 equal their copy one period on: blocks cover [i, j + period).
      const span = j + period - i;
      if (span >= 2 * period) {
        let phase = 0;
        let bestCost = Infinity;
        for (let p = 0; p < period && i + p + 2 * period <= j + period; p++) {
          const n = Math.floor((span - p) / period);
          let cost = 0;
          for (let b = 1; b < n; b++) cost += crossing[i + p + b * period]!;
          cost /= n - 1;
          if (cost < bestCost) [bestCost, phase] = [cost, p];
        }
        const start = i + phase;
        let blocks = Math.floor((span - phase) / period);
        // Keep the longest prefix of blocks with the same wiring as the first.
        const first = signature(start, period);
        let k = 1;
        while (k < blocks && signature(start + k * period, period) === first) k++;
        blocks = k;
        if (blocks >= 2 && (!best || blocks * period > best.blocks * best.period))
          best = { start, period, blocks };
      }
      i = j + 1;
    }
  }
  return best;
}

function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const n of names) {
    let k = 0;
    while (k < prefix.length && k < n.length && prefix[k] === n[k]) k++;
    prefix = prefix.slice(0, k);
  }
  // Cut back to a whole name part ("layer1" of "layer1/attn…" and "layer1/ffn…", not "layer1/").
  const cutAt = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('.'));
  const whole = names.every((n) => /[/._:]/.test(n[prefix.length] ?? '/'))
    ? prefix
    : cutAt > 0
      ? prefix.slice(0, cutAt)
      : '';
  return whole.replace(/[/._:]+$/, '');
}

/** Repeated blocks of a graph, in order; nodes outside every block are left ungrouped. */
export function findGroups(g: GraphViewGraph): GraphGroup[] {
  const order = topologicalOrder(g);
  const n = order.length;
  if (n < 2 * MIN_BLOCK) return [];
  const words = new Map<string, number>();
  const tokens = order.map((node) => {
    const t = token(node);
    if (!words.has(t)) words.set(t, words.size);
    return words.get(t)!;
  });
  const at = new Map<string, number>();
  order.forEach((node, i) =>
    node.outputs.forEach((o, k) => o && at.set(o, i * 64 + Math.min(k, 63))),
  );
  const constants = new Map(g.constants.map((c) => [c.name, `${c.dtype}[${c.shape.join(',')}]`]));
  // crossing[q]: values made before position q and read at q or later.
  const diff = new Int32Array(n + 1);
  const lastUse = new Map<string, number>();
  order.forEach((node, i) => node.inputs.forEach((v) => v && at.has(v) && lastUse.set(v, i)));
  for (const [v, last] of lastUse) {
    const p = Math.floor(at.get(v)! / 64);
    if (last > p) {
      diff[p + 1]! += 1;
      diff[last + 1]! -= 1;
    }
  }
  const crossing = new Int32Array(n + 1);
  for (let q = 0, s = 0; q <= n; q++) crossing[q] = s += diff[q]!;

  const signature = (start: number, period: number): string => {
    const parts: string[] = [];
    for (let r = 0; r < period; r++) {
      const node = order[start + r]!;
      const ins = node.inputs.map((v) => {
        if (!v) return '-';
        const c = constants.get(v);
        if (c) return c;
        const p = at.get(v);
        if (p === undefined) return 'x';
        const i = Math.floor(p / 64);
        return i >= start && i < start + period ? `${i - start}.${p % 64}` : 'x';
      });
      parts.push(`${tokens[start + r]}(${ins.join(' ')})`);
    }
    return parts.join(';');
  };

  const regions: Region[] = [];
  const search = (from: number, to: number): void => {
    if (to - from < 2 * MIN_BLOCK) return;
    const r = bestRegion(tokens, crossing, signature, from, to);
    if (!r) return;
    regions.push(r);
    search(from, r.start);
    search(r.start + r.blocks * r.period, to);
  };
  search(0, n);
  regions.sort((a, b) => a.start - b.start);

  const groups: GraphGroup[] = [];
  regions.forEach((r, run) => {
    for (let b = 0; b < r.blocks; b++) {
      const members = order.slice(r.start + b * r.period, r.start + (b + 1) * r.period);
      const prefix = commonPrefix(members.map((m) => m.name));
      groups.push({
        id: `r${run}.${b}`,
        run,
        index: b,
        count: r.blocks,
        label: prefix || `block ${b + 1}`,
        nodes: members.map((m) => m.id),
      });
    }
  });
  return groups;
}
