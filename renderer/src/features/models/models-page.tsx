import { useEffect, useState } from 'react';
import { ErrorBox } from '../../components/error-box';
import { formatBytes, formatCount, formatPercent } from '../../components/format';
import { useStore } from '../../store/index';
import { FilePicker } from './file-picker';
import { GenerateForm } from './generate-form';
import { ModelDetails } from './model-details';

/** Opened and generated models with their real facts; open by path or generate on the host. */
export function ModelsPage() {
  const models = useStore((s) => s.models);
  const loaded = useStore((s) => s.modelsLoaded);
  const busy = useStore((s) => s.modelsBusy);
  const error = useStore((s) => s.modelsError);
  const selectedId = useStore((s) => s.selectedModelId);
  const { loadModels, openModel, generateModel, selectModel } = useStore.getState();
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    void loadModels();
  }, [loadModels]);

  const selected = models.find((m) => m.id === selectedId) ?? null;
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="models-title">
        <h2 id="models-title">Models</h2>
        <div className="row">
          <button type="button" onClick={() => setPicking(true)} disabled={busy !== null}>
            Open model…
          </button>
        </div>
        {picking && (
          <FilePicker
            onCancel={() => setPicking(false)}
            onPick={(path) => {
              setPicking(false);
              void openModel(path);
            }}
          />
        )}
        <GenerateForm busy={busy !== null} onGenerate={(r) => void generateModel(r)} />
        {busy && (
          <p role="status" aria-busy="true">
            {busy}…
          </p>
        )}
        {error && <ErrorBox error={error} />}
        {loaded && models.length === 0 && (
          <p className="muted">
            No models yet. Open an ONNX (.onnx) or OpenVINO IR (.xml + .bin) file, or generate a
            BERT-like encoder above.
          </p>
        )}
        {models.length > 0 && (
          <table className="table" aria-label="Models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Format</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Parameters
                </th>
                <th scope="col" className="num">
                  Linear sparsity
                </th>
                <th scope="col" className="num">
                  Nodes
                </th>
                <th scope="col" className="num">
                  FLOPs @ seq 128
                </th>
                <th scope="col">Origin</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} aria-selected={m.id === selectedId}>
                  <td>
                    <button type="button" className="link" onClick={() => selectModel(m.id)}>
                      {m.label}
                    </button>
                  </td>
                  <td>{m.info.format}</td>
                  <td className="num">{formatBytes(m.sizeBytes)}</td>
                  <td className="num">{formatCount(m.info.parameters.count)}</td>
                  <td className="num">{formatPercent(m.info.linearSparsity)}</td>
                  <td className="num">{m.info.nodeCount}</td>
                  <td className="num">{formatCount(m.info.flops.total)}</td>
                  <td>
                    {m.parentId
                      ? `variant of ${models.find((p) => p.id === m.parentId)?.label ?? 'a removed model'}`
                      : m.origin}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {selected && <ModelDetails model={selected} />}
    </div>
  );
}
