/**
 * The graph layout worker: finds repeated blocks and runs dagre off the UI thread, with the
 * same core/views functions `sparsescope graph` uses. One graph at a time; its groups and
 * the layouts of group insides are kept for the next request (expanding one more group only
 * lays out the outer level again).
 */
import type { GraphViewGraph } from '../../../../core/api/graph-view';
import { findGroups, type GraphGroup } from '../../../../core/views/graph-groups';
import { layoutScene, type InsideCache } from '../../../../core/views/graph-layout';
import {
  OPEN_GROUPS_UP_TO,
  packScene,
  type LayoutReply,
  type LayoutRequest,
} from './layout-protocol';

interface Held {
  key: string;
  graph: GraphViewGraph;
  groups: GraphGroup[] | null;
  insides: InsideCache;
}

let held: Held | null = null;
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutReply): void;
};

scope.onmessage = (e) => {
  const req = e.data;
  try {
    if (req.graph) {
      const graph = JSON.parse(new TextDecoder().decode(req.graph)) as GraphViewGraph;
      held = { key: req.graphKey, graph, groups: null, insides: new Map() };
    }
    if (!held || held.key !== req.graphKey) throw new Error('the layout worker lost its graph');
    const t0 = performance.now();
    if (!held.groups) held.groups = findGroups(held.graph);
    const t1 = performance.now();
    const groups = req.grouping ? held.groups : [];
    const expanded =
      req.expanded ?? (held.graph.nodes.length <= OPEN_GROUPS_UP_TO ? groups.map((g) => g.id) : []);
    const scene = layoutScene(
      held.graph,
      { direction: req.direction, groups, expanded: new Set(expanded), showNames: req.showNames },
      held.insides,
    );
    const t2 = performance.now();
    const packed = packScene(scene);
    scope.postMessage({
      type: 'done',
      id: req.id,
      graphKey: req.graphKey,
      scene: packed.scene,
      boxes: packed.boxes,
      groups,
      expanded,
      timings: { groups: t1 - t0, layout: t2 - t1 },
    });
  } catch (err) {
    scope.postMessage({ type: 'error', id: req.id, message: (err as Error).message });
  }
};
