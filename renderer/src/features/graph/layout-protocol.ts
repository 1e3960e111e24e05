import type { GraphDirection } from '../../../../core/api/names';
import type { GraphGroup } from '../../../../core/views/graph-groups';
import type { NodeBox } from '../../../../core/views/graph-labels';
import type { Scene, SceneNode } from '../../../../core/views/graph-scene';

/** Graphs this large open with their repeated blocks closed; smaller ones open. */
export const OPEN_GROUPS_UP_TO = 1500;

/** A layout request: the graph travels once per worker, as JSON bytes the worker parses. */
export interface LayoutRequest {
  type: 'layout';
  id: number;
  graphKey: string;
  /** The GraphViewGraph as UTF-8 JSON, or null when this worker already has `graphKey`. */
  graph: ArrayBuffer | null;
  direction: GraphDirection;
  grouping: boolean;
  /** Group ids drawn open; null = open all when the graph is small, none when large. */
  expanded: string[] | null;
  showNames: boolean;
}

export type LayoutReply =
  | {
      type: 'done';
      id: number;
      graphKey: string;
      /** The scene with each box an index into `boxes` (equal blocks share their boxes). */
      scene: PackedScene;
      boxes: NodeBox[];
      groups: GraphGroup[];
      expanded: string[];
      /** Milliseconds spent finding groups (first request of a graph only) and laying out. */
      timings: { groups: number; layout: number };
    }
  | { type: 'error'; id: number; message: string };

/**
 * A scene as it crosses from the worker: 20,000 boxes of 600 equal layers are a few hundred
 * distinct boxes, so each node names its box by index. Cloning the full objects cost the UI
 * thread ~0.2 s on a fully expanded 20k-node graph; this is a fraction of it.
 */
export type PackedScene = Omit<Scene, 'nodes'> & {
  nodes: (Omit<SceneNode, 'box'> & { box: number })[];
};

export function packScene(scene: Scene): { scene: PackedScene; boxes: NodeBox[] } {
  const index = new Map<string, number>();
  const boxes: NodeBox[] = [];
  const nodes = scene.nodes.map((n) => {
    const key = JSON.stringify(n.box);
    let i = index.get(key);
    if (i === undefined) {
      i = boxes.length;
      boxes.push(n.box);
      index.set(key, i);
    }
    return { ...n, box: i };
  });
  return { scene: { ...scene, nodes }, boxes };
}

export function unpackScene(scene: PackedScene, boxes: NodeBox[]): Scene {
  return { ...scene, nodes: scene.nodes.map((n) => ({ ...n, box: boxes[n.box]! })) };
}
