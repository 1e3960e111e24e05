/**
 * Lays out a graph view with dagre (the layered layout Netron uses; core/views/README.md says
 * why dagre and not ELK) and composes the Scene: the outer level with each expanded group as
 * one large box, and each group's inside laid out on its own — once per distinct inside, so
 * the 200 equal layers of a deep model cost one small layout, not one huge one.
 */
import dagre from '@dagrejs/dagre';
import type { GraphViewGraph } from '../api/graph-view';
import type { GraphGroup } from './graph-groups';
import { groupBox, type NodeBox } from './graph-labels';
import {
  FRAME,
  innerLevel,
  outerLevel,
  sceneInput,
  type Level,
  type Scene,
  type SceneEdge,
  type SceneFrame,
  type SceneNode,
  type SceneOptions,
} from './graph-scene';

interface Placed {
  /** Top-left corner per unit key. */
  at: Map<string, { x: number; y: number }>;
  edges: { from: string; to: string; value: string; label: string | null; points: number[] }[];
  width: number;
  height: number;
}

/** dagre on one level; sizes come with the units (a box, or a whole group's frame). */
function place(
  level: Level,
  direction: SceneOptions['direction'],
  sizeOf: (key: string) => { width: number; height: number },
): Placed {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir: direction === 'lr' ? 'LR' : 'TB',
    nodesep: 22,
    ranksep: 26,
    edgesep: 8,
    marginx: 16,
    marginy: 16,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const u of level.units) g.setNode(u.key, { ...sizeOf(u.key) });
  level.links.forEach((l, i) => g.setEdge(l.from, l.to, {}, String(i)));
  dagre.layout(g);
  const at = new Map<string, { x: number; y: number }>();
  for (const u of level.units) {
    const n = g.node(u.key) as { x: number; y: number; width: number; height: number };
    at.set(u.key, { x: n.x - n.width / 2, y: n.y - n.height / 2 });
  }
  const edges = level.links.map((l, i) => {
    const e = g.edge(l.from, l.to, String(i)) as { points?: { x: number; y: number }[] };
    return { ...l, points: (e.points ?? []).flatMap((p) => [p.x, p.y]) };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { at, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}

/** A level's shape without its names: equal keys lay out the same. */
function shapeKey(level: Level): string {
  const index = new Map(level.units.map((u, i) => [u.key, i]));
  return (
    level.units.map((u) => `${u.kind}${u.box.width}x${u.box.height}`).join(',') +
    '|' +
    level.links.map((l) => `${index.get(l.from)}>${index.get(l.to)}`).join(',')
  );
}

/** Cached insides by shape, kept across calls by the caller (the worker keeps one per graph). */
export type InsideCache = Map<string, Placed>;

/** Lay out one graph of a graph view as the options say. */
export function layoutScene(
  graph: GraphViewGraph,
  options: SceneOptions,
  cache: InsideCache = new Map(),
): Scene {
  const input = sceneInput(graph, options.groups);
  const inside = new Map<string, { level: Level; placed: Placed }>();
  for (const group of options.groups) {
    if (!options.expanded.has(group.id)) continue;
    const level = innerLevel(input, group, options);
    const key = `${options.direction}|${shapeKey(level)}`;
    let placed = cache.get(key);
    if (!placed) {
      placed = place(level, options.direction, (k) => level.units.find((u) => u.key === k)!.box);
      cache.set(key, placed);
    }
    inside.set(group.id, { level, placed });
  }
  const collapsed = (g: GraphGroup): NodeBox =>
    groupBox(g.label, `block ${g.index + 1} of ${g.count} · ${g.nodes.length} nodes`);
  const outer = outerLevel(input, options, (g) => {
    const open = inside.get(g.id);
    if (!open) return collapsed(g);
    const box = collapsed(g);
    return {
      ...box,
      width: Math.ceil(Math.max(box.width, open.placed.width + 2 * FRAME.pad)),
      height: Math.ceil(open.placed.height + FRAME.title + FRAME.pad),
    };
  });
  const boxes = new Map(outer.units.map((u) => [u.key, u.box]));
  const placed = place(outer, options.direction, (k) => boxes.get(k)!);

  const nodes: SceneNode[] = [];
  const edges: SceneEdge[] = [];
  const frames: SceneFrame[] = [];
  for (const u of outer.units) {
    const p = placed.at.get(u.key)!;
    const open = u.kind === 'group' ? inside.get(u.ref) : undefined;
    if (!open) {
      nodes.push({
        key: u.key,
        kind: u.kind,
        ref: u.ref,
        name: u.name,
        box: u.box,
        x: p.x,
        y: p.y,
        frame: null,
      });
      continue;
    }
    frames.push({
      group: u.ref,
      title: u.box.title,
      x: p.x,
      y: p.y,
      width: u.box.width,
      height: u.box.height,
    });
    // The inside is centred in the frame; positions are the cached layout's, by unit order.
    const dx = p.x + (u.box.width - open.placed.width) / 2;
    const dy = p.y + FRAME.title - FRAME.pad / 2;
    const cachedKeys = [...open.placed.at.keys()];
    const prefix = `${u.key}/`;
    open.level.units.forEach((inner, i) => {
      const q = open.placed.at.get(cachedKeys[i]!)!;
      nodes.push({
        key: prefix + inner.key,
        kind: inner.kind,
        ref: inner.ref,
        name: inner.name,
        box: inner.box,
        x: q.x + dx,
        y: q.y + dy,
        frame: u.ref,
      });
    });
    open.placed.edges.forEach((e, i) => {
      const l = open.level.links[i]!;
      edges.push({
        key: `${prefix}e${i}`,
        from: prefix + l.from,
        to: prefix + l.to,
        value: l.value,
        label: l.label,
        points: e.points.map((v, k) => v + (k % 2 === 0 ? dx : dy)),
      });
    });
  }
  placed.edges.forEach((e, i) =>
    edges.push({
      key: `e${i}`,
      from: e.from,
      to: e.to,
      value: e.value,
      label: e.label,
      points: e.points,
    }),
  );
  return {
    graphId: graph.id,
    direction: options.direction,
    width: Math.ceil(placed.width),
    height: Math.ceil(placed.height),
    nodes,
    edges,
    frames,
  };
}
