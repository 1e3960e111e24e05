import type { StateCreator } from 'zustand';
import type { ApiErrorData, GraphView, WeightStats } from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import type { GraphDirection, GraphHeatMetric, GraphKind } from '../../../core/api/names';
import { api } from '../api/client';

/** What the sidebar shows: a node of the current graph, or a value (graph input/output, chip). */
export type GraphSelection = { type: 'node'; id: string } | { type: 'value'; name: string } | null;

export interface GraphSlice {
  /** The model the Graph area shows (null = the Models page's selection, else the newest). */
  graphModelId: string | null;
  graphKind: GraphKind;
  /** The profile the overlay colours by, and whose runtime graph the toggle shows. */
  graphProfileId: string | null;
  /** The view being shown and the one being fetched (key: model|kind|profile). */
  graphView: GraphView | null;
  graphViewKey: string | null;
  graphLoading: boolean;
  graphError: ApiErrorData | null;
  /** Which graph of the view: 'main' or a subgraph's id. */
  graphId: string;
  graphDirection: GraphDirection;
  /** Repeated blocks drawn as groups (each collapsible); off = every node on its own. */
  graphGrouping: boolean;
  /** Group ids drawn open in the current graph; null = the default for its size. */
  graphExpanded: string[] | null;
  graphShowNames: boolean;
  heatMetric: GraphHeatMetric;
  graphSelection: GraphSelection;
  /** Weight statistics fetched on demand, by model|graph|tensor. */
  weightStats: Record<string, WeightStats | ApiErrorData>;
  showGraph(modelId: string | null, kind: GraphKind, profileId: string | null): Promise<void>;
  setGraphId(id: string): void;
  setGraphDirection(direction: GraphDirection): void;
  setGraphGrouping(on: boolean): void;
  setGraphExpanded(ids: string[] | null): void;
  setGraphShowNames(on: boolean): void;
  setHeatMetric(metric: GraphHeatMetric): void;
  selectGraphItem(selection: GraphSelection): void;
  loadWeightStats(modelId: string, graphId: string, tensor: string): Promise<void>;
}

export const graphViewKey = (modelId: string, kind: GraphKind, profileId: string | null) =>
  `${modelId}|${kind}|${kind === 'runtime' ? (profileId ?? '') : ''}`;

export const createGraphSlice: StateCreator<GraphSlice> = (set, get) => ({
  graphModelId: null,
  graphKind: 'original',
  graphProfileId: null,
  graphView: null,
  graphViewKey: null,
  graphLoading: false,
  graphError: null,
  graphId: 'main',
  graphDirection: 'tb',
  graphGrouping: true,
  graphExpanded: null,
  graphShowNames: false,
  heatMetric: 'time',
  graphSelection: null,
  weightStats: {},
  showGraph: async (modelId, kind, profileId) => {
    set({ graphModelId: modelId, graphKind: kind, graphProfileId: profileId, graphError: null });
    if (!modelId) return;
    const key = graphViewKey(modelId, kind, profileId);
    if (get().graphViewKey === key && (get().graphView || get().graphLoading)) return;
    set({ graphViewKey: key, graphLoading: true });
    try {
      const view = await api.graphView(modelId, { kind, profileId });
      // A later request (another model, the other graph) wins over this one.
      if (get().graphViewKey !== key) return;
      const keep = get().graphView?.modelId === view.modelId && get().graphView?.kind === view.kind;
      set({
        graphView: view,
        graphLoading: false,
        graphId: 'main',
        graphExpanded: keep ? get().graphExpanded : null,
        graphSelection: keep ? get().graphSelection : null,
      });
    } catch (err) {
      if (get().graphViewKey !== key) return;
      set({
        graphError: describeError(err),
        graphLoading: false,
        graphView: null,
        graphViewKey: null,
      });
    }
  },
  setGraphId: (graphId) => set({ graphId, graphExpanded: null, graphSelection: null }),
  setGraphDirection: (graphDirection) => set({ graphDirection }),
  setGraphGrouping: (graphGrouping) => set({ graphGrouping, graphExpanded: null }),
  setGraphExpanded: (graphExpanded) => set({ graphExpanded }),
  setGraphShowNames: (graphShowNames) => set({ graphShowNames }),
  setHeatMetric: (heatMetric) => set({ heatMetric }),
  selectGraphItem: (graphSelection) => set({ graphSelection }),
  loadWeightStats: async (modelId, graphId, tensor) => {
    const key = `${modelId}|${graphId}|${tensor}`;
    if (get().weightStats[key]) return;
    let value: WeightStats | ApiErrorData;
    try {
      value = await api.weightStats(modelId, graphId, tensor);
    } catch (err) {
      value = describeError(err);
    }
    set({ weightStats: { ...get().weightStats, [key]: value } });
  },
});
