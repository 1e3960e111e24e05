import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProfileNode } from '../../../../core/api/schemas/profile';
import { heatOverlay, runtimeNodesOf } from '../../../../core/views/graph-heat';
import type { SceneNode } from '../../../../core/views/graph-scene';
import type { DrawStyle } from '../../../../core/views/graph-svg';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import { ProfileReportButton } from '../reports/export-button';
import { HotspotTable } from '../profile/hotspot-table';
import { exportPng, exportSvg, graphSvg } from './export';
import { FindBar } from './find-bar';
import { GraphCanvas } from './graph-canvas';
import { GraphToolbar } from './graph-toolbar';
import { HeatLegend } from './heat-legend';
import { ModelProperties } from './model-properties';
import { NodeSidebar } from './node-sidebar';
import { graphKeyOf, useGraphLayout } from './use-graph-layout';
import './graph.css';

/** The Graph area: the model drawn Netron-style, coloured by a profile, linked to its hotspots. */
export function GraphPage() {
  const models = useStore((s) => s.models);
  const loadModels = useStore((s) => s.loadModels);
  const loadProfiles = useStore((s) => s.loadProfiles);
  const selectedModelId = useStore((s) => s.selectedModelId);
  const modelId = useStore((s) => s.graphModelId);
  const kind = useStore((s) => s.graphKind);
  const profileId = useStore((s) => s.graphProfileId);
  const showGraph = useStore((s) => s.showGraph);
  const view = useStore((s) => s.graphView);
  const loading = useStore((s) => s.graphLoading);
  const error = useStore((s) => s.graphError);
  const graphId = useStore((s) => s.graphId);
  const setGraphId = useStore((s) => s.setGraphId);
  const direction = useStore((s) => s.graphDirection);
  const grouping = useStore((s) => s.graphGrouping);
  const expanded = useStore((s) => s.graphExpanded);
  const setExpanded = useStore((s) => s.setGraphExpanded);
  const showNames = useStore((s) => s.graphShowNames);
  const metric = useStore((s) => s.heatMetric);
  const selection = useStore((s) => s.graphSelection);
  const select = useStore((s) => s.selectGraphItem);
  const theme = useStore((s) => s.theme);
  const profile = useStore((s) => (profileId ? s.profileFiles[profileId] : undefined)) ?? null;
  const focusedNode = useStore((s) => s.focusedNode);
  const focusNode = useStore((s) => s.focusNode);

  useEffect(() => {
    void loadModels();
    void loadProfiles();
  }, [loadModels, loadProfiles]);
  // The Models page's choice, else the newest model, unless the user picked one here.
  const wanted = modelId ?? selectedModelId ?? models[0]?.id ?? null;
  useEffect(() => {
    if (wanted) void showGraph(wanted, kind, profileId);
  }, [wanted, kind, profileId, showGraph]);
  useEffect(() => {
    if (profileId) void useStore.getState().loadProfile(profileId);
  }, [profileId]);

  const graph = view?.graphs.find((g) => g.id === graphId) ?? view?.graphs[0] ?? null;
  const layout = useGraphLayout(view, graph?.id ?? 'main', {
    direction,
    grouping,
    expanded,
    showNames,
  });
  const result =
    layout.result && view && graph && layout.result.graphKey === graphKeyOf(view, graph.id)
      ? layout.result
      : null;
  const scene = result?.scene ?? null;
  const groups = useMemo(() => result?.groups ?? [], [result]);

  const heat = useMemo(
    () => (graph && profile ? heatOverlay(graph, groups, profile, metric, view!.kind) : null),
    [graph, groups, profile, metric, view],
  );
  const behind = useMemo(
    () =>
      graph && profile
        ? runtimeNodesOf(graph, profile, view!.kind)
        : new Map<string, ProfileNode>(),
    [graph, profile, view],
  );
  const keyOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const n of scene?.nodes ?? []) if (n.kind === 'op') m.set(n.ref, n.key);
    return m;
  }, [scene]);
  const groupOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const g of groups) for (const id of g.nodes) m.set(id, g.id);
    return m;
  }, [groups]);

  const [findOpen, setFindOpen] = useState(false);
  const [foundIds, setFoundIds] = useState<string[]>([]);
  const [focus, setFocus] = useState<{ key: string; seq: number } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const fromGraph = useRef<string | null>(null);

  const selectedId = selection?.type === 'node' ? selection.id : null;
  const style = useMemo<DrawStyle>(() => {
    const related = new Set<string>();
    const r = selectedId ? behind.get(selectedId) : undefined;
    if (r && view?.kind === 'original' && graph)
      for (const n of graph.nodes)
        if (n.id !== selectedId && behind.get(n.id) === r) related.add(keyOf.get(n.id) ?? '');
    // A hit inside a closed group marks the group's box.
    const found = new Set(
      foundIds.map((id) => keyOf.get(id) ?? (groupOf.has(id) ? `group:${groupOf.get(id)}` : '')),
    );
    return {
      theme,
      heat: heat ? { nodes: heat.nodes, groups: heat.groups } : null,
      selected: selectedId ? (keyOf.get(selectedId) ?? null) : null,
      related,
      found: findOpen ? found : new Set(),
    };
  }, [theme, heat, selectedId, behind, view, graph, keyOf, foundIds, groupOf, findOpen]);

  /** Go to a node: open its group if it is inside a closed one, then centre and select it. */
  const goTo = useCallback(
    (nodeId: string) => {
      select({ type: 'node', id: nodeId });
      setPending(nodeId);
    },
    [select],
  );
  useEffect(() => {
    if (!pending || !scene) return;
    const key = keyOf.get(pending);
    if (key) {
      setFocus((f) => ({ key, seq: (f?.seq ?? 0) + 1 }));
      setPending(null);
      return;
    }
    const g = groupOf.get(pending);
    if (g && result && !result.expanded.includes(g)) setExpanded([...result.expanded, g]);
    else setPending(null);
  }, [pending, scene, keyOf, groupOf, result, setExpanded]);

  // A hotspot row (here or on the Profile page) focuses its node in the graph.
  useEffect(() => {
    if (!focusedNode || !graph || fromGraph.current === focusedNode) return;
    const byName = graph.nodes.find((n) => n.name === focusedNode);
    const original =
      view?.kind === 'original' && profile
        ? profile.nodes.find((n) => n.name === focusedNode)?.originals[0]
        : undefined;
    const target = byName ?? (original ? graph.nodes.find((n) => n.name === original) : undefined);
    if (target) goTo(target.id);
  }, [focusedNode, graph, view, profile, goTo]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        setFindOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onActivate = useCallback(
    (node: SceneNode | null, frameGroup: string | null) => {
      if (!result) return;
      if (frameGroup) return setExpanded(result.expanded.filter((g) => g !== frameGroup));
      if (!node) return;
      if (node.kind === 'group') return setExpanded([...result.expanded, node.ref]);
      if (node.kind !== 'op') return select({ type: 'value', name: node.ref });
      select({ type: 'node', id: node.ref });
      // The hotspot table follows: the runtime node behind this one.
      const r = behind.get(node.ref);
      const name = r?.name ?? node.name;
      fromGraph.current = name;
      focusNode(name);
    },
    [result, setExpanded, select, behind, focusNode],
  );

  const onExport = async (format: 'svg' | 'png') => {
    if (!scene || !view || !graph) return;
    const title = graph.parent
      ? `${view.title} · ${graph.id}`
      : `${view.title}${view.kind === 'runtime' ? ' (runtime graph)' : ''}`;
    const svg = graphSvg(title, scene, style, heat?.legend ?? null);
    const base = view.title.replace(/\.[a-z]+$/i, '').replace(/[^\w.-]+/g, '_');
    if (format === 'svg') exportSvg(svg, `${base}-graph.svg`);
    else await exportPng(svg, `${base}-graph.png`);
  };

  const selectedRuntime = selectedId ? (behind.get(selectedId) ?? null) : null;
  const hotspots = profile && <HotspotTable profile={profile} />;
  return (
    <div className="graph-page">
      <h2 className="graph-title">Graph</h2>
      <GraphToolbar
        modelId={wanted}
        view={view}
        groupCount={groups.length}
        onExpandAll={(open) => setExpanded(open ? groups.map((g) => g.id) : [])}
        onFind={() => setFindOpen(true)}
        onExport={(f) => void onExport(f)}
        canExport={!!scene}
      />
      <ProfileReportButton profileId={profileId} />
      {error && <ErrorBox error={error} />}
      {layout.error && (
        <ErrorBox error={{ name: 'InternalError', message: `Layout failed: ${layout.error}` }} />
      )}
      {!wanted && <p className="muted">No models yet: open or generate one on the Models page.</p>}
      <p className="muted graph-status" role="status">
        {loading
          ? 'Reading the model…'
          : layout.busy
            ? 'Laying out…'
            : scene && graph
              ? `${graph.nodes.length} nodes · ${scene.nodes.length} boxes${groups.length ? ` · ${groups.length} repeated blocks` : ''} · laid out in ${Math.round(layout.lastMs ?? 0)} ms`
              : ''}
        {view?.runtime && ` · runtime graph: ${view.runtime.note}`}
        {view?.runtime &&
          view.runtime.undrawn.length > 0 &&
          ` (${view.runtime.undrawn.length} runtime-only node(s) not drawn)`}
        {view?.graphs.some((g) => g.values.some((v) => v.source === 'inferred')) &&
          ` · inferred shapes at batch ${view.shapesAt.batch}, seq ${view.shapesAt.seq}`}
      </p>
      {findOpen && graph && (
        <FindBar
          graph={graph}
          onHits={setFoundIds}
          onPick={(h) => goTo(h.nodeId)}
          onClose={() => {
            setFindOpen(false);
            setFoundIds([]);
          }}
        />
      )}
      <div className="graph-main">
        {scene && graph && view ? (
          <GraphCanvas
            scene={scene}
            style={style}
            resetKey={graphKeyOf(view, graph.id)}
            focus={focus}
            onActivate={onActivate}
          />
        ) : (
          <div className="graph-canvas-wrap graph-empty" aria-busy={loading || layout.busy}>
            {(loading || layout.busy) && <p className="muted">Preparing the drawing…</p>}
          </div>
        )}
        {view &&
          graph &&
          (selection ? (
            <NodeSidebar
              view={view}
              graph={graph}
              selection={selection}
              profile={profile}
              runtime={selectedRuntime}
              onOpenGraph={setGraphId}
              onSelectNode={goTo}
              onShowOriginal={(name) => {
                const id = view.graphs[0]?.nodes.find((n) => n.name === name)?.id;
                fromGraph.current = null;
                void showGraph(modelId ?? wanted, 'original', profileId).then(() => {
                  const target = useStore
                    .getState()
                    .graphView?.graphs[0]?.nodes.find((n) => n.name === name);
                  if (target ?? id) goTo((target?.id ?? id)!);
                });
              }}
              onClose={() => select(null)}
            />
          ) : (
            <ModelProperties view={view} />
          ))}
      </div>
      {heat && <HeatLegend legend={heat.legend} untimed={heat.untimed} />}
      {profile && (
        <details className="panel graph-hotspots" open>
          <summary>Hotspots of this profile: click a row to find its node</summary>
          {hotspots}
        </details>
      )}
    </div>
  );
}
