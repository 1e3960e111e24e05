/**
 * The heat overlay: measured time per graph node from a profile (the one profile model of
 * core/api/schemas/profile.ts), as a colour per box and a legend. A node of the original
 * graph takes the time of the runtime node that computed it: itself, or the fusion covering
 * it (which then colours every node it covers, and says so); a collapsed group sums its
 * nodes' distinct runtime nodes.
 */
import type { GraphKind, GraphViewGraph } from '../api/graph-view';
import type { GraphHeatMetric } from '../api/names';
import type { ProfileFile, ProfileNode } from '../api/schemas/profile';
import type { GraphGroup } from './graph-groups';
import { heatColor } from './graph-style';

export interface HeatCell {
  value: number | null;
  /** null: nothing to colour by (no FLOPs counted for a GFLOP/s overlay). */
  color: string | null;
  /** The figure in words for the box and the sidebar: "1.234 ms · 5.6%". */
  text: string;
  /** The runtime nodes behind it (one for a node, several for a group). */
  runtime: ProfileNode[];
}

export interface HeatLegend {
  metric: GraphHeatMetric;
  title: string;
  scale: 'log' | 'linear';
  /** Colour stops, low to high, each with its value in words. */
  stops: { color: string; label: string }[];
}

export interface HeatOverlay {
  nodes: Map<string, HeatCell>;
  groups: Map<string, HeatCell>;
  legend: HeatLegend;
  /** Graph nodes no runtime node of the profile covers (folded, or another model's profile). */
  untimed: number;
}

export const HEAT_METRIC_LABELS: Record<GraphHeatMetric, string> = {
  time: 'Mean time per iteration (ms)',
  share: '% of total node time',
  gflops: 'Achieved GFLOP/s',
};

/**
 * The runtime node behind each graph node, by node id: the profile node of the same name
 * (runtime graphs, and original nodes the engine ran as they are), else the one whose
 * `originals` include the node's name (a fusion).
 */
export function runtimeNodesOf(
  graph: GraphViewGraph,
  profile: ProfileFile,
  kind: GraphKind,
): Map<string, ProfileNode> {
  const byName = new Map(profile.nodes.map((n) => [n.name, n]));
  const covering = new Map<string, ProfileNode>();
  if (kind === 'original')
    for (const n of profile.nodes)
      for (const o of n.originals) if (!covering.has(o)) covering.set(o, n);
  const out = new Map<string, ProfileNode>();
  for (const n of graph.nodes) {
    const r = covering.get(n.name) ?? byName.get(n.name);
    if (r) out.set(n.id, r);
  }
  return out;
}

const fmtMs = (ms: number): string =>
  ms >= 10
    ? `${ms.toFixed(1)} ms`
    : ms >= 0.1
      ? `${ms.toFixed(2)} ms`
      : ms >= 0.001
        ? `${ms.toFixed(3)} ms`
        : `${(ms * 1000).toFixed(ms >= 1e-4 ? 1 : 2)} µs`;
const fmtPct = (x: number): string => `${(100 * x).toFixed(x >= 0.1 ? 1 : 2)}%`;
const fmtRate = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

interface Figures {
  ms: number;
  share: number;
  flops: number | null;
}

function figures(nodes: ProfileNode[], profile: ProfileFile): Figures {
  let ms = 0;
  let us = 0;
  let flops: number | null = 0;
  for (const n of nodes) {
    ms += n.time_ms.mean;
    us += n.total_us;
    flops = flops === null || n.flops === null ? null : flops + n.flops;
  }
  return { ms, share: profile.total_us > 0 ? us / profile.total_us : 0, flops };
}

function valueOf(f: Figures, metric: GraphHeatMetric): number | null {
  if (metric === 'time') return f.ms;
  if (metric === 'share') return f.share;
  return f.flops === null || f.ms <= 0 ? null : f.flops / (f.ms * 1e6);
}

function textOf(f: Figures, metric: GraphHeatMetric): string {
  const base = `${fmtMs(f.ms)} · ${fmtPct(f.share)}`;
  const rate = valueOf(f, 'gflops');
  return metric === 'gflops' ? `${rate === null ? '—' : fmtRate(rate)} GFLOP/s · ${base}` : base;
}

/** Colour every node (and group) of a graph by one metric of a profile. */
export function heatOverlay(
  graph: GraphViewGraph,
  groups: readonly GraphGroup[],
  profile: ProfileFile,
  metric: GraphHeatMetric,
  kind: GraphKind,
): HeatOverlay {
  const behind = runtimeNodesOf(graph, profile, kind);
  const raw = new Map<string, { f: Figures; runtime: ProfileNode[] }>();
  for (const [id, r] of behind) raw.set(id, { f: figures([r], profile), runtime: [r] });
  const rawGroups = new Map<string, { f: Figures; runtime: ProfileNode[] }>();
  for (const g of groups) {
    const runtime = [
      ...new Set(g.nodes.map((id) => behind.get(id)).filter((r): r is ProfileNode => !!r)),
    ];
    if (runtime.length) rawGroups.set(g.id, { f: figures(runtime, profile), runtime });
  }
  // The scale spans single nodes; a group's sum is coloured on the same scale, clamped.
  const values = [...raw.values()]
    .map((x) => valueOf(x.f, metric))
    .filter((v): v is number => v !== null && v > 0);
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(...values) : max;
  const scale: HeatLegend['scale'] = metric === 'gflops' ? 'linear' : 'log';
  const lo = scale === 'log' ? Math.max(min, max / 1e4) : 0;
  const position = (v: number): number =>
    scale === 'log'
      ? max > lo
        ? Math.log(Math.max(v, lo) / lo) / Math.log(max / lo)
        : 1
      : max > 0
        ? v / max
        : 0;
  const cell = (x: { f: Figures; runtime: ProfileNode[] }): HeatCell => {
    const v = valueOf(x.f, metric);
    return {
      value: v,
      color: v === null ? null : heatColor(position(v)),
      text: textOf(x.f, metric),
      runtime: x.runtime,
    };
  };
  const nodes = new Map([...raw].map(([id, x]) => [id, cell(x)]));
  const groupCells = new Map([...rawGroups].map(([id, x]) => [id, cell(x)]));
  const label = (v: number): string =>
    metric === 'time' ? fmtMs(v) : metric === 'share' ? fmtPct(v) : fmtRate(v);
  const steps = 5;
  const stops = Array.from({ length: steps }, (_, i) => {
    const t = i / (steps - 1);
    const v = scale === 'log' ? lo * Math.pow(max / lo, t) : max * t;
    return { color: heatColor(t), label: label(v) };
  });
  return {
    nodes,
    groups: groupCells,
    legend: { metric, title: HEAT_METRIC_LABELS[metric], scale, stops },
    untimed: graph.nodes.length - behind.size,
  };
}
