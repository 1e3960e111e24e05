/**
 * A whole graph view to one SVG document, without a window: every graph of the model (main
 * graph, then each subgraph), laid out and drawn exactly as the Graph area does. What
 * `sparsescope graph` writes and what CI jobs and reports embed.
 */
import type { GraphView } from '../api/graph-view';
import type { GraphDirection, GraphHeatMetric } from '../api/names';
import type { ProfileFile } from '../api/schemas/profile';
import { findGroups } from './graph-groups';
import { heatOverlay, type HeatLegend } from './graph-heat';
import { layoutScene } from './graph-layout';
import { svgDocument, type DrawStyle } from './graph-svg';
import type { GraphTheme } from './graph-style';

export interface RenderOptions {
  direction: GraphDirection;
  /** Repeated blocks drawn as one box each. */
  collapse: boolean;
  theme: GraphTheme;
  showNames: boolean;
  profile: ProfileFile | null;
  metric: GraphHeatMetric;
}

export interface RenderedGraph {
  svg: string;
  /** Per graph drawn: its id, node count and how many boxes (groups count one) it took. */
  graphs: { id: string; nodes: number; boxes: number; groups: number }[];
  legend: HeatLegend | null;
}

export function renderGraphViewSvg(view: GraphView, options: RenderOptions): RenderedGraph {
  let legend: HeatLegend | null = null;
  const panels = view.graphs.map((g) => {
    const groups = options.collapse ? findGroups(g) : [];
    const scene = layoutScene(g, {
      direction: options.direction,
      groups,
      expanded: new Set(),
      showNames: options.showNames,
    });
    let heat: DrawStyle['heat'] = null;
    if (options.profile) {
      // Node ids are unique within one graph only: each panel has its own overlay.
      const overlay = heatOverlay(g, groups, options.profile, options.metric, view.kind);
      heat = { nodes: overlay.nodes, groups: overlay.groups };
      if (g.parent === null) legend = overlay.legend;
    }
    const where = g.parent ? `${g.parent.node} › ${g.parent.attribute}` : view.title;
    return {
      title: g.parent ? `Subgraph ${g.name || g.id} (${where})` : where,
      scene,
      heat,
      nodes: g.nodes.length,
      groups: groups.length,
      id: g.id,
    };
  });
  const svg = svgDocument(panels, { theme: options.theme, heat: null }, legend);
  return {
    svg,
    graphs: panels.map((p) => ({
      id: p.id,
      nodes: p.nodes,
      boxes: p.scene.nodes.length,
      groups: p.groups,
    })),
    legend,
  };
}
