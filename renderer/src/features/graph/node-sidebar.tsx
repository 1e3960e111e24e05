import { useEffect } from 'react';
import type { GraphView, GraphViewGraph, GraphViewNode } from '../../../../core/api/graph-view';
import type { ProfileFile, ProfileNode } from '../../../../core/api/schemas/profile';
import { dtypeText, shapeText } from '../../../../core/views/graph-labels';
import { kernelLabel } from '../../../../core/views/profile-aggregate';
import { categoryLabel, opCategory } from '../../../../core/views/graph-style';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import type { GraphSelection } from '../../store/graph-slice';

const pct = (x: number) => `${(100 * x).toFixed(x >= 0.1 ? 1 : 2)}%`;
const ms = (v: number) => (v >= 1 ? v.toFixed(3) : v.toFixed(4));
const num = (v: number | null) =>
  v === null
    ? '—'
    : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(3)
      : v.toPrecision(4);

interface Props {
  view: GraphView;
  graph: GraphViewGraph;
  selection: NonNullable<GraphSelection>;
  profile: ProfileFile | null;
  /** The runtime node behind the selected node (itself, or the fusion covering it). */
  runtime: ProfileNode | null;
  onOpenGraph(id: string): void;
  onShowOriginal(name: string): void;
  onSelectNode(id: string): void;
  onClose(): void;
}

function WeightRow({ modelId, graphId, name }: { modelId: string; graphId: string; name: string }) {
  const key = `${modelId}|${graphId}|${name}`;
  const stats = useStore((s) => s.weightStats[key]);
  const load = useStore((s) => s.loadWeightStats);
  useEffect(() => {
    void load(modelId, graphId, name);
  }, [load, modelId, graphId, name]);
  if (!stats) return <p aria-busy="true">Reading {name}…</p>;
  if ('name' in stats && 'message' in stats) return <ErrorBox error={stats} />;
  return (
    <dl className="facts" aria-label={`Weight ${name}`}>
      <dt>Sparsity</dt>
      <dd>{pct(stats.sparsity)} zeros</dd>
      <dt>min / max</dt>
      <dd>
        {num(stats.min)} / {num(stats.max)}
      </dd>
      <dt>mean / std</dt>
      <dd>
        {num(stats.mean)} / {num(stats.std)}
      </dd>
      <dt>Size</dt>
      <dd>
        {stats.elements.toLocaleString()} elements, {(stats.bytes / 2 ** 20).toFixed(2)} MiB
      </dd>
    </dl>
  );
}

function RuntimeFacts({
  profile,
  runtime,
  node,
}: {
  profile: ProfileFile;
  runtime: ProfileNode;
  node: GraphViewNode | null;
}) {
  const share = profile.total_us > 0 ? runtime.total_us / profile.total_us : 0;
  const fused = runtime.name !== node?.name || runtime.originals.length > 1;
  return (
    <section aria-label="Measured">
      <h4>Measured ({profile.engine})</h4>
      {fused && node && (
        <p className="muted">
          Computed by runtime node <strong>{runtime.name}</strong> ({runtime.op_type}), which covers{' '}
          {runtime.originals.length} original node(s); its time is shown for each.
        </p>
      )}
      <dl className="facts">
        <dt>Mean / median</dt>
        <dd>
          {ms(runtime.time_ms.mean)} / {ms(runtime.time_ms.median)} ms
        </dd>
        <dt>% of total</dt>
        <dd>{pct(share)}</dd>
        <dt>Kernel</dt>
        <dd>
          {kernelLabel(runtime)}
          {runtime.kernel.exec_type ? ` (${runtime.kernel.exec_type})` : ''}
        </dd>
        <dt>GFLOP/s</dt>
        <dd>{runtime.gflops === null ? '—' : runtime.gflops.toFixed(1)}</dd>
        <dt>GB/s</dt>
        <dd>{runtime.gbps === null ? '—' : runtime.gbps.toFixed(1)}</dd>
      </dl>
    </section>
  );
}

/** The selected node's (or value's) properties, Netron-style, plus what the profile measured. */
export function NodeSidebar({
  view,
  graph,
  selection,
  profile,
  runtime,
  onOpenGraph,
  onShowOriginal,
  onSelectNode,
  onClose,
}: Props) {
  const values = new Map(graph.values.map((v) => [v.name, v]));
  const constants = new Map(graph.constants.map((c) => [c.name, c]));
  const node =
    selection.type === 'node' ? (graph.nodes.find((n) => n.id === selection.id) ?? null) : null;
  const valueRow = (name: string, i: number) => {
    if (!name)
      return (
        <li key={i} className="muted">
          (omitted)
        </li>
      );
    const c = constants.get(name);
    const v = values.get(name);
    return (
      <li key={`${name}-${i}`}>
        <code>{name}</code>{' '}
        {c ? (
          <>
            <span className="muted">
              weight {dtypeText(c.dtype)} ⟨{c.shape.join('×') || 'scalar'}⟩
            </span>
            {view.modelId && view.kind === 'original' && (
              <WeightRow modelId={view.modelId} graphId={graph.id} name={name} />
            )}
          </>
        ) : v ? (
          <span className="muted">
            {dtypeText(v.dtype)} {shapeText(v.shape)}
            {v.source === 'inferred' ? ' (inferred)' : ''}
          </span>
        ) : null}
      </li>
    );
  };
  const title = node ? node.opType : selection.type === 'value' ? selection.name : '';
  return (
    <aside className="graph-sidebar panel" aria-label="Node properties">
      <div className="row">
        <h3 className="grow">{title}</h3>
        <button type="button" aria-label="Close the sidebar" onClick={onClose}>
          ×
        </button>
      </div>
      {node && (
        <>
          <dl className="facts">
            <dt>Name</dt>
            <dd>
              <code>{node.name}</code>
            </dd>
            <dt>Type</dt>
            <dd>
              {node.opType}{' '}
              <span className="muted">({categoryLabel(opCategory(node.opType))})</span>
            </dd>
            <dt>Domain</dt>
            <dd>{node.domain || 'ai.onnx'}</dd>
          </dl>
          {node.attributes.length > 0 && (
            <section aria-label="Attributes">
              <h4>Attributes</h4>
              <dl className="facts">
                {node.attributes.map((a) => (
                  <div key={a.name} className="fact">
                    <dt>{a.name}</dt>
                    <dd>
                      <code>{a.text}</code> <span className="muted">{a.type}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
          <section aria-label="Inputs">
            <h4>Inputs</h4>
            <ul className="plain">{node.inputs.map(valueRow)}</ul>
          </section>
          <section aria-label="Outputs">
            <h4>Outputs</h4>
            <ul className="plain">{node.outputs.map(valueRow)}</ul>
          </section>
          {node.subgraphs.length > 0 && (
            <section aria-label="Subgraphs">
              <h4>Subgraphs</h4>
              {node.subgraphs.map((s) => (
                <button key={s.graph} type="button" onClick={() => onOpenGraph(s.graph)}>
                  Open {s.attribute}
                </button>
              ))}
            </section>
          )}
          {node.originals && (
            <section aria-label="Original nodes">
              <h4>Original nodes ({node.originals.length})</h4>
              {node.originals.length === 0 && (
                <p className="muted">A runtime-only node: it covers no node of the model.</p>
              )}
              <ul className="plain">
                {node.originals.map((o) => (
                  <li key={o}>
                    <button type="button" className="link" onClick={() => onShowOriginal(o)}>
                      {o}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {runtime && profile && <RuntimeFacts profile={profile} runtime={runtime} node={node} />}
          {profile && !runtime && (
            <p className="muted">
              Not in the profile: folded at load, optimized out, or not this model's node.
            </p>
          )}
          {runtime && view.kind === 'original' && runtime.originals.length > 1 && (
            <p className="muted">
              Also in this fusion:{' '}
              {runtime.originals
                .filter((o) => o !== node.name)
                .map((o) => {
                  const other = graph.nodes.find((n) => n.name === o);
                  return other ? (
                    <button
                      key={o}
                      type="button"
                      className="link"
                      onClick={() => onSelectNode(other.id)}
                    >
                      {o}
                    </button>
                  ) : (
                    <span key={o}>{o} </span>
                  );
                })}
            </p>
          )}
        </>
      )}
      {selection.type === 'value' && (
        <>
          <ul className="plain">{valueRow(selection.name, 0)}</ul>
          <h4>Read by</h4>
          <ul className="plain">
            {graph.nodes
              .filter((n) => n.inputs.includes(selection.name))
              .slice(0, 50)
              .map((n) => (
                <li key={n.id}>
                  <button type="button" className="link" onClick={() => onSelectNode(n.id)}>
                    {n.name}
                  </button>{' '}
                  <span className="muted">{n.opType}</span>
                </li>
              ))}
          </ul>
        </>
      )}
    </aside>
  );
}
