import type { GraphView, GraphViewValue } from '../../../../core/api/graph-view';
import { dtypeText, shapeText } from '../../../../core/views/graph-labels';

const io = (v: GraphViewValue) => (
  <li key={v.name}>
    <code>{v.name}</code>{' '}
    <span className="muted">
      {dtypeText(v.dtype)} {shapeText(v.shape)}
    </span>
  </li>
);

/** The model properties panel (nothing selected): what the file says about itself. */
export function ModelProperties({ view }: { view: GraphView }) {
  const p = view.properties;
  const metadata = Object.entries(p.metadata);
  return (
    <aside className="graph-sidebar panel" aria-label="Model properties">
      <h3>Model properties</h3>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          <code>{p.path ?? view.title}</code>
        </dd>
        <dt>Format</dt>
        <dd>{p.format === 'onnx' ? 'ONNX' : 'OpenVINO IR'}</dd>
        <dt>Producer</dt>
        <dd>{`${p.producer || '—'} ${p.producerVersion}`.trim()}</dd>
        <dt>{p.format === 'onnx' ? 'IR version' : 'IR version'}</dt>
        <dd>{p.irVersion}</dd>
        <dt>Opsets</dt>
        <dd>
          {Object.entries(p.opsets)
            .map(([d, v]) => `${d || 'ai.onnx'} ${v}`)
            .join(', ') || '—'}
        </dd>
        <dt>Nodes</dt>
        <dd>
          {p.nodeCount}
          {p.subgraphNodeCount
            ? ` (+${p.subgraphNodeCount} in ${view.graphs.length - 1} subgraph(s))`
            : ''}
        </dd>
      </dl>
      <h4>Inputs</h4>
      <ul className="plain">{p.inputs.map(io)}</ul>
      <h4>Outputs</h4>
      <ul className="plain">{p.outputs.map(io)}</ul>
      {metadata.length > 0 && (
        <>
          <h4>Metadata</h4>
          <dl className="facts">
            {metadata.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {view.runtime && (
        <>
          <h4>Runtime graph</h4>
          <p className="muted">{view.runtime.note}</p>
        </>
      )}
      <p className="muted">Click a box for its properties; Ctrl+F finds a node.</p>
    </aside>
  );
}
