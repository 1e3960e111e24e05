import { useEffect, useState } from 'react';
import type { ModelEntry } from '../../../../core/api/contract';
import { DataTable, type Column } from '../../components/data-table';
import { ErrorBox } from '../../components/error-box';
import { formatBytes, formatCount, formatPercent } from '../../components/format';
import { useStore } from '../../store/index';
import { FilePicker } from './file-picker';
import { GenerateForm } from './generate-form';
import { ModelDetails } from './model-details';

function modelColumns(models: readonly ModelEntry[]): Column<ModelEntry>[] {
  return [
    {
      id: 'label',
      header: 'Model',
      cell: (m) => (
        <button
          type="button"
          className="link"
          onClick={() => useStore.getState().selectModel(m.id)}
        >
          {m.label}
        </button>
      ),
      sortValue: (m) => m.label,
    },
    { id: 'format', header: 'Format', cell: (m) => m.info.format, sortValue: (m) => m.info.format },
    {
      id: 'size',
      header: 'Size',
      numeric: true,
      cell: (m) => formatBytes(m.sizeBytes),
      sortValue: (m) => m.sizeBytes,
    },
    {
      id: 'params',
      header: 'Parameters',
      numeric: true,
      cell: (m) => formatCount(m.info.parameters.count),
      sortValue: (m) => m.info.parameters.count,
    },
    {
      id: 'sparsity',
      header: 'Linear sparsity',
      numeric: true,
      cell: (m) => formatPercent(m.info.linearSparsity),
      sortValue: (m) => m.info.linearSparsity,
    },
    {
      id: 'nodes',
      header: 'Nodes',
      numeric: true,
      cell: (m) => m.info.nodeCount,
      sortValue: (m) => m.info.nodeCount,
    },
    {
      id: 'flops',
      header: 'FLOPs @ seq 128',
      numeric: true,
      cell: (m) => formatCount(m.info.flops.total),
      sortValue: (m) => m.info.flops.total,
    },
    {
      id: 'origin',
      header: 'Origin',
      cell: (m) =>
        m.parentId
          ? `variant of ${models.find((p) => p.id === m.parentId)?.label ?? 'a removed model'}`
          : m.origin,
    },
  ];
}

/** Opened and generated models with their real facts; open by path or generate on the host. */
export function ModelsPage() {
  const models = useStore((s) => s.models);
  const loaded = useStore((s) => s.modelsLoaded);
  const busy = useStore((s) => s.modelsBusy);
  const error = useStore((s) => s.modelsError);
  const selectedId = useStore((s) => s.selectedModelId);
  const { loadModels, openModel, generateModel } = useStore.getState();
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
          <DataTable
            label="Models"
            rows={models}
            columns={modelColumns(models)}
            rowKey={(m) => m.id}
            selectedKey={selectedId}
          />
        )}
      </section>
      {selected && <ModelDetails model={selected} />}
    </div>
  );
}
