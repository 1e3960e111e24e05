/**
 * The graph view's layout request: which boxes are drawn (nodes, graph inputs/outputs,
 * collapsed groups, expanded groups as frames around their own layout, chips for far-away
 * values) and which edges join them. graph-layout.ts lays it out; the result is a Scene, the
 * one thing the screen, the export and the CLI draw.
 */
import type { GraphViewGraph } from '../api/graph-view';
import type { GraphDirection } from '../api/names';
import type { GraphGroup } from './graph-groups';
import {
  chipBox,
  indexGraph,
  withRows,
  type BoxRow,
  nodeBox,
  valueBox,
  valueLabel,
  type GraphIndex,
  type NodeBox,
} from './graph-labels';

export type SceneNodeKind = 'op' | 'input' | 'output' | 'group' | 'chip';

/** A box on the drawing, placed (x, y = its top-left corner). */
export interface SceneNode {
  /** Unique in the scene. */
  key: string;
  kind: SceneNodeKind;
  /** The graph node's id (op), the group's id (group), else the value's name. */
  ref: string;
  /** What find and tooltips name: the node's name, the group's label, the value's name. */
  name: string;
  box: NodeBox;
  x: number;
  y: number;
  /** The expanded group it is drawn inside, if any. */
  frame: string | null;
}

export interface SceneEdge {
  key: string;
  from: string;
  to: string;
  /** The value it carries. */
  value: string;
  /** Flat polyline: x0, y0, x1, y1 … */
  points: number[];
  label: string | null;
}

/** An expanded group's frame. */
export interface SceneFrame {
  group: string;
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Scene {
  graphId: string;
  direction: GraphDirection;
  width: number;
  height: number;
  nodes: SceneNode[];
  edges: SceneEdge[];
  frames: SceneFrame[];
}

export interface SceneOptions {
  direction: GraphDirection;
  /** Groups to draw; [] draws every node on its own (no grouping). */
  groups: readonly GraphGroup[];
  /** Ids of groups drawn open; the others are one box each. */
  expanded: ReadonlySet<string>;
  showNames: boolean;
}

/** One box to lay out at the outer level or inside a group, with its edges. */
export interface Unit {
  key: string;
  kind: SceneNodeKind;
  ref: string;
  name: string;
  box: NodeBox;
}

export interface Link {
  from: string;
  to: string;
  value: string;
  label: string | null;
}

/** A graph at one level (outer, or one group's inside): boxes and the edges between them. */
export interface Level {
  units: Unit[];
  links: Link[];
}

/** A value read over a long way (more than CHIP_SPAN ranks) by this many boxes comes in as chips. */
const CHIP_READERS = 3;
const CHIP_SPAN = 4;

export const FRAME = { pad: 12, title: 22 } as const;

/** Longest-path rank of each unit in a level (units are in topological order). */
function ranks(level: Level): Map<string, number> {
  const rank = new Map<string, number>(level.units.map((u) => [u.key, 0]));
  const preds = new Map<string, string[]>();
  for (const l of level.links) preds.set(l.to, [...(preds.get(l.to) ?? []), l.from]);
  for (const u of level.units) {
    let r = 0;
    for (const p of preds.get(u.key) ?? []) r = Math.max(r, (rank.get(p) ?? 0) + 1);
    rank.set(u.key, r);
  }
  return rank;
}

/**
 * Edges of broadcast values (an attention mask read by every layer) would run the whole
 * height of the drawing, cost the layout thousands of bends and pull the chain of layers
 * askew: past a few hops the reader's box names the value in a row ("↪ mask") instead, as
 * TensorBoard does with high-degree nodes. The sidebar still lists every input.
 */
export function chipLongEdges(level: Level): Level {
  const rank = ranks(level);
  const span = (l: Link) => (rank.get(l.to) ?? 0) - (rank.get(l.from) ?? 0);
  const far = new Map<string, number>();
  for (const l of level.links)
    if (span(l) > CHIP_SPAN) far.set(l.value, (far.get(l.value) ?? 0) + 1);
  const named = new Map<string, BoxRow[]>();
  const links: Link[] = [];
  for (const l of level.links) {
    // A residual connection is one long edge and stays; a mask read by every layer is many.
    if ((far.get(l.value) ?? 0) >= CHIP_READERS && span(l) > CHIP_SPAN) {
      const rows = named.get(l.to) ?? [];
      rows.push({ key: '↪', value: l.value });
      named.set(l.to, rows);
    } else links.push(l);
  }
  const units = level.units.map((u) => {
    const rows = named.get(u.key);
    return rows ? { ...u, box: withRows(u.box, rows) } : u;
  });
  return { units, links };
}

/** What a level is built from: the graph, its lookups and who holds each node. */
export interface SceneInput {
  graph: GraphViewGraph;
  index: GraphIndex;
  groupOf: Map<string, GraphGroup>;
}

export function sceneInput(graph: GraphViewGraph, groups: readonly GraphGroup[]): SceneInput {
  const groupOf = new Map<string, GraphGroup>();
  for (const g of groups) for (const id of g.nodes) groupOf.set(id, g);
  return { graph, index: indexGraph(graph), groupOf };
}

/** The outer level: ungrouped nodes, graph inputs/outputs, and one unit per group. */
export function outerLevel(
  input: SceneInput,
  options: SceneOptions,
  groupSize: (g: GraphGroup) => NodeBox,
): Level {
  const { graph, index, groupOf } = input;
  const units: Unit[] = [];
  const unitOf = new Map<string, string>();
  const producer = new Map<string, string>();
  for (const name of graph.inputs) {
    const key = `in:${name}`;
    units.push({
      key,
      kind: 'input',
      ref: name,
      name,
      box: valueBox(index.values.get(name), name),
    });
    producer.set(name, key);
  }
  const placed = new Set<string>();
  for (const n of graph.nodes) {
    const g = groupOf.get(n.id);
    let key: string;
    if (g) {
      key = `group:${g.id}`;
      if (!placed.has(key)) {
        placed.add(key);
        units.push({ key, kind: 'group', ref: g.id, name: g.label, box: groupSize(g) });
      }
    } else {
      key = `op:${n.id}`;
      units.push({
        key,
        kind: 'op',
        ref: n.id,
        name: n.name,
        box: nodeBox(n, index, options.showNames),
      });
    }
    unitOf.set(n.id, key);
    for (const o of n.outputs) if (o) producer.set(o, key);
  }
  const links = linksBetween(input, unitOf, producer);
  for (const name of graph.outputs) {
    const key = `out:${name}`;
    units.push({
      key,
      kind: 'output',
      ref: name,
      name,
      box: valueBox(index.values.get(name), name),
    });
    const from = producer.get(name);
    if (from) links.push({ from, to: key, value: name, label: valueLabel(index.values.get(name)) });
  }
  return chipLongEdges({ units, links });
}

/** Edges between distinct units, one per value and pair (a value read twice is one edge). */
function linksBetween(
  input: SceneInput,
  unitOf: Map<string, string>,
  producer: Map<string, string>,
): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const n of input.graph.nodes) {
    const to = unitOf.get(n.id);
    if (!to) continue;
    for (const v of n.inputs) {
      const from = v ? producer.get(v) : undefined;
      if (!from || from === to) continue;
      const k = `${v}\u0000${from}\u0000${to}`;
      if (seen.has(k)) continue;
      seen.add(k);
      links.push({ from, to, value: v, label: valueLabel(input.index.values.get(v)) });
    }
  }
  return links;
}

/**
 * One group's inside: its nodes, a chip per value coming in (top) and per value going out
 * (bottom). Every block of a run has the same inside, so it is laid out once per run.
 */
export function innerLevel(input: SceneInput, group: GraphGroup, options: SceneOptions): Level {
  const { graph, index } = input;
  const members = new Set(group.nodes);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const units: Unit[] = [];
  const unitOf = new Map<string, string>();
  const producer = new Map<string, string>();
  const nodes = group.nodes.map((id) => byId.get(id)!);
  for (const n of nodes) for (const o of n.outputs) if (o) producer.set(o, `op:${n.id}`);
  const incoming: string[] = [];
  for (const n of nodes)
    for (const v of n.inputs)
      if (v && !producer.has(v) && !index.constants.has(v) && !incoming.includes(v))
        incoming.push(v);
  for (const v of incoming) {
    const key = `port:${v}`;
    units.push({
      key,
      kind: 'chip',
      ref: v,
      name: v,
      box: chipBox(`↓ ${v}`, valueLabel(index.values.get(v))),
    });
    producer.set(v, key);
  }
  for (const n of nodes) {
    const key = `op:${n.id}`;
    units.push({
      key,
      kind: 'op',
      ref: n.id,
      name: n.name,
      box: nodeBox(n, index, options.showNames),
    });
    unitOf.set(n.id, key);
  }
  const links = linksBetween({ ...input, graph: { ...graph, nodes } }, unitOf, producer);
  const readOutside = new Set(graph.outputs);
  for (const n of graph.nodes)
    if (!members.has(n.id)) for (const v of n.inputs) if (v) readOutside.add(v);
  for (const n of nodes)
    for (const o of n.outputs)
      if (o && readOutside.has(o)) {
        const key = `portout:${o}`;
        units.push({ key, kind: 'chip', ref: o, name: o, box: chipBox(`↓ ${o}`, null) });
        links.push({
          from: `op:${n.id}`,
          to: key,
          value: o,
          label: valueLabel(index.values.get(o)),
        });
      }
  return { units, links };
}
