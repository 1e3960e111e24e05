import type { GraphView } from '../../../../core/api/graph-view';
import {
  GRAPH_HEAT_METRICS,
  type GraphDirection,
  type GraphHeatMetric,
} from '../../../../core/api/names';
import { HEAT_METRIC_LABELS } from '../../../../core/views/graph-heat';
import { useStore } from '../../store/index';

interface Props {
  modelId: string | null;
  view: GraphView | null;
  groupCount: number;
  onExpandAll(open: boolean): void;
  onFind(): void;
  onExport(format: 'svg' | 'png'): void;
  canExport: boolean;
}

/** Which model, which graph, which profile, and how to draw it. */
export function GraphToolbar({
  modelId,
  view,
  groupCount,
  onExpandAll,
  onFind,
  onExport,
  canExport,
}: Props) {
  const models = useStore((s) => s.models);
  const profiles = useStore((s) => s.profiles);
  const kind = useStore((s) => s.graphKind);
  const profileId = useStore((s) => s.graphProfileId);
  const showGraph = useStore((s) => s.showGraph);
  const graphId = useStore((s) => s.graphId);
  const setGraphId = useStore((s) => s.setGraphId);
  const direction = useStore((s) => s.graphDirection);
  const setDirection = useStore((s) => s.setGraphDirection);
  const grouping = useStore((s) => s.graphGrouping);
  const setGrouping = useStore((s) => s.setGraphGrouping);
  const showNames = useStore((s) => s.graphShowNames);
  const setShowNames = useStore((s) => s.setGraphShowNames);
  const metric = useStore((s) => s.heatMetric);
  const setMetric = useStore((s) => s.setHeatMetric);
  const model = models.find((m) => m.id === modelId);
  // Profiles of this model's file first; any profile may be laid over (names decide the match).
  const ordered = [...profiles].sort(
    (a, b) => Number(b.modelPath === model?.path) - Number(a.modelPath === model?.path),
  );
  return (
    <div className="graph-toolbar" role="toolbar" aria-label="Graph options">
      <label>
        Model
        <select
          value={modelId ?? ''}
          onChange={(e) => void showGraph(e.target.value || null, 'original', profileId)}
        >
          {!modelId && <option value="">Pick a model</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {view && view.graphs.length > 1 && (
        <label>
          Graph
          <select value={graphId} onChange={(e) => setGraphId(e.target.value)}>
            {view.graphs.map((g) => (
              <option key={g.id} value={g.id}>
                {g.parent
                  ? `${g.id.slice(5)} (${g.nodes.length})`
                  : `main graph (${g.nodes.length})`}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Profile overlay
        <select
          value={profileId ?? ''}
          onChange={(e) =>
            void showGraph(modelId, e.target.value ? kind : 'original', e.target.value || null)
          }
        >
          <option value="">None</option>
          {ordered.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
              {p.modelPath === model?.path ? '' : ' (another model)'}
            </option>
          ))}
        </select>
      </label>
      <label>
        Colour by
        <select
          value={metric}
          disabled={!profileId}
          onChange={(e) => setMetric(e.target.value as GraphHeatMetric)}
        >
          {GRAPH_HEAT_METRICS.map((m) => (
            <option key={m} value={m}>
              {HEAT_METRIC_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={kind === 'runtime'}
          disabled={!profileId}
          onChange={(e) =>
            void showGraph(modelId, e.target.checked ? 'runtime' : 'original', profileId)
          }
        />
        Runtime graph (as the engine ran it)
      </label>
      <label>
        Direction
        <select value={direction} onChange={(e) => setDirection(e.target.value as GraphDirection)}>
          <option value="tb">Top to bottom</option>
          <option value="lr">Left to right</option>
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={grouping} onChange={(e) => setGrouping(e.target.checked)} />
        Group repeated blocks{groupCount ? ` (${groupCount})` : ''}
      </label>
      <button type="button" disabled={!grouping || !groupCount} onClick={() => onExpandAll(true)}>
        Expand all
      </button>
      <button type="button" disabled={!grouping || !groupCount} onClick={() => onExpandAll(false)}>
        Collapse all
      </button>
      <label className="inline">
        <input
          type="checkbox"
          checked={showNames}
          onChange={(e) => setShowNames(e.target.checked)}
        />
        Node names
      </label>
      <button type="button" onClick={onFind} aria-keyshortcuts="Control+F">
        Find…
      </button>
      <button type="button" disabled={!canExport} onClick={() => onExport('svg')}>
        Export SVG
      </button>
      <button type="button" disabled={!canExport} onClick={() => onExport('png')}>
        Export PNG
      </button>
    </div>
  );
}
