import type { ModelEntry } from '../../../../core/api/contract';
import type { LinearWeightInfo } from '../../../../core/api/model-info';
import { DataTable, type Column } from '../../components/data-table';
import { formatBytes, formatCount, formatPercent, formatShape } from '../../components/format';
import { VariantForm } from './variant-form';

const OP_COLUMNS: Column<[string, number]>[] = [
  { id: 'op', header: 'Op', cell: ([op]) => op },
  { id: 'count', header: 'Nodes', numeric: true, cell: ([, n]) => n },
];

const WEIGHT_COLUMNS: Column<LinearWeightInfo>[] = [
  { id: 'node', header: 'Node', cell: (w) => w.node, sortValue: (w) => w.node },
  { id: 'op', header: 'Op', cell: (w) => w.opType, sortValue: (w) => w.opType },
  { id: 'weight', header: 'Weight', cell: (w) => <code>{w.weight}</code> },
  { id: 'dtype', header: 'dtype', cell: (w) => w.dtype, sortValue: (w) => w.dtype },
  { id: 'shape', header: 'Shape', cell: (w) => formatShape(w.shape), sortValue: (w) => w.elements },
  {
    id: 'sparsity',
    header: 'Sparsity',
    numeric: true,
    cell: (w) => formatPercent(w.sparsity),
    sortValue: (w) => w.sparsity,
  },
];

/** One model's facts: I/O, op histogram and every linear weight with its sparsity. */
export function ModelDetails({ model }: { model: ModelEntry }) {
  const info = model.info;
  const ops = Object.entries(info.opHistogram);
  return (
    <section className="panel" aria-label={`Details of ${model.label}`}>
      <h3>{model.label}</h3>
      <p className="muted">
        <code>{model.path}</code> · {formatBytes(model.sizeBytes)} · {info.format} · producer{' '}
        {info.producer || '—'} {info.producerVersion} · opsets{' '}
        {Object.entries(info.opsets)
          .map(([d, v]) => `${d || 'ai.onnx'} ${v}`)
          .join(', ')}
      </p>
      <VariantForm key={model.id} model={model} />
      <div className="columns">
        <div>
          <h4>Inputs</h4>
          <ul>
            {info.inputs.map((i) => (
              <li key={i.name}>
                <code>{i.name}</code> {i.dtype ?? '?'} {formatShape(i.shape)}
              </li>
            ))}
          </ul>
          <h4>Outputs</h4>
          <ul>
            {info.outputs.map((o) => (
              <li key={o.name}>
                <code>{o.name}</code> {o.dtype ?? '?'} {formatShape(o.shape)}
              </li>
            ))}
          </ul>
          <h4>FLOPs per inference</h4>
          <p>
            {formatCount(info.flops.total)}FLOP at batch {info.flops.batch}, seq {info.flops.seq}{' '}
            <span className="muted">({info.flops.note})</span>
          </p>
        </div>
        <div>
          <h4>Op types ({info.nodeCount} nodes)</h4>
          <DataTable
            label="Op types"
            compact
            headless
            rows={ops}
            columns={OP_COLUMNS}
            rowKey={([op]) => op}
          />
        </div>
      </div>
      <h4>Linear weights ({info.linearWeights.length})</h4>
      <DataTable
        label="Linear weights"
        compact
        rows={info.linearWeights}
        columns={WEIGHT_COLUMNS}
        rowKey={(w) => `${w.node}/${w.weight}`}
      />
    </section>
  );
}
