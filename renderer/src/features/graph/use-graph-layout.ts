import { useEffect, useRef, useState } from 'react';
import type { GraphView } from '../../../../core/api/graph-view';
import type { GraphDirection } from '../../../../core/api/names';
import { LayoutClient, type LayoutResult } from './layout-client';

export interface LayoutState {
  result: LayoutResult | null;
  busy: boolean;
  error: string | null;
  /** Wall time of the last layout, request to result (ms). */
  lastMs: number | null;
}

/** The key of one graph of one view: a new key means a different drawing. */
export function graphKeyOf(view: GraphView, graphId: string): string {
  return `${view.modelId}|${view.kind}|${view.runtime?.profileId ?? ''}|${graphId}`;
}

/** Lay out the shown graph in the worker whenever it or the options change; the latest wins. */
export function useGraphLayout(
  view: GraphView | null,
  graphId: string,
  options: {
    direction: GraphDirection;
    grouping: boolean;
    expanded: string[] | null;
    showNames: boolean;
  },
): LayoutState {
  const client = useRef<LayoutClient | null>(null);
  const [state, setState] = useState<LayoutState>({
    result: null,
    busy: false,
    error: null,
    lastMs: null,
  });
  useEffect(() => {
    client.current = new LayoutClient();
    return () => client.current?.dispose();
  }, []);
  const { direction, grouping, expanded, showNames } = options;
  const expandedKey = expanded === null ? null : expanded.join('\u0000');
  useEffect(() => {
    const graph = view?.graphs.find((g) => g.id === graphId);
    if (!view || !graph || !client.current) return;
    const started = performance.now();
    setState((s) => ({ ...s, busy: true, error: null }));
    const ids = expandedKey === null ? null : expandedKey ? expandedKey.split('\u0000') : [];
    client.current
      .request(graphKeyOf(view, graphId), graph, { direction, grouping, expanded: ids, showNames })
      .then((result) => {
        // null: a newer request replaced this one; its own answer will come.
        if (result)
          setState({ result, busy: false, error: null, lastMs: performance.now() - started });
      })
      .catch((err: Error) => setState((s) => ({ ...s, busy: false, error: err.message })));
  }, [view, graphId, direction, grouping, expandedKey, showNames]);
  return state;
}
