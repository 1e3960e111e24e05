import type { ModelEntry } from '../../../../core/api/contract';
import { formatBytes, formatCount, formatPercent, formatShape } from '../../components/format';
import { VariantForm } from './variant-form';

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
          <table className="table compact">
            <tbody>
              {ops.map(([op, n]) => (
                <tr key={op}>
                  <td>{op}</td>
                  <td className="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <h4>Linear weights ({info.linearWeights.length})</h4>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Op</th>
            <th scope="col">Weight</th>
            <th scope="col">dtype</th>
            <th scope="col">Shape</th>
            <th scope="col" className="num">
              Sparsity
            </th>
          </tr>
        </thead>
        <tbody>
          {info.linearWeights.map((w) => (
            <tr key={`${w.node}/${w.weight}`}>
              <td>{w.node}</td>
              <td>{w.opType}</td>
              <td>
                <code>{w.weight}</code>
              </td>
              <td>{w.dtype}</td>
              <td>{formatShape(w.shape)}</td>
              <td className="num">{formatPercent(w.sparsity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
