import { useEffect, useState } from 'react';
import type { EngineId } from '../../../../core/api/names';
import { EngineOptions, useEngineChoice } from '../../components/engine-select';
import { ModelOptions } from '../../components/model-options';
import { useStore } from '../../store/index';

/** Run a profile: a model of this workspace, an engine and a configuration; progress and cancel. */
export function RunProfileForm() {
  const models = useStore((s) => s.models);
  const loadModels = useStore((s) => s.loadModels);
  const runProfile = useStore((s) => s.runProfile);
  const cancelProfile = useStore((s) => s.cancelProfile);
  const job = useStore((s) => s.profileJob);
  const [modelId, setModelId] = useState('');
  const [engine, setEngine] = useEngineChoice('builtin');
  const [seq, setSeq] = useState(64);
  const [threads, setThreads] = useState(1);
  const [niter, setNiter] = useState(30);
  const [sparseRate, setSparseRate] = useState('0.5');
  useEffect(() => {
    void loadModels();
  }, [loadModels]);
  const model = modelId || models[0]?.id || '';
  return (
    <form
      className="row"
      aria-label="Run a profile"
      onSubmit={(e) => {
        e.preventDefault();
        if (!model) return;
        const rate = sparseRate.trim() === '' ? null : Number(sparseRate);
        void runProfile({ model: { id: model }, engine, seq, threads, niter, sparseRate: rate });
      }}
    >
      <label className="grow">
        Model
        <select value={model} onChange={(e) => setModelId(e.target.value)}>
          <ModelOptions by="id" />
        </select>
      </label>
      <label>
        Engine
        <select value={engine} onChange={(e) => setEngine(e.target.value as EngineId)}>
          <EngineOptions />
        </select>
      </label>
      <label>
        Sequence length
        <input type="number" min={1} value={seq} onChange={(e) => setSeq(Number(e.target.value))} />
      </label>
      <label>
        Threads
        <input
          type="number"
          min={1}
          value={threads}
          onChange={(e) => setThreads(Number(e.target.value))}
        />
      </label>
      <label>
        Iterations
        <input
          type="number"
          min={1}
          value={niter}
          onChange={(e) => setNiter(Number(e.target.value))}
        />
      </label>
      <label>
        Sparse rate
        <input
          type="text"
          inputMode="decimal"
          value={sparseRate}
          onChange={(e) => setSparseRate(e.target.value)}
          placeholder="none"
        />
      </label>
      {job ? (
        <>
          <span role="status" aria-live="polite" className="muted">
            {job.message}
            {job.fraction !== null ? ` (${Math.round(job.fraction * 100)}%)` : ''}
          </span>
          <progress max={1} value={job.fraction ?? undefined} aria-label="Profile progress" />
          <button type="button" onClick={() => void cancelProfile()}>
            Cancel profile
          </button>
        </>
      ) : (
        <button type="submit" disabled={!model}>
          Run profile
        </button>
      )}
    </form>
  );
}

/** Import a foreign profile (or a stored SparseScope one) from a path on the host. */
export function ImportProfileForm() {
  const importProfile = useStore((s) => s.importProfile);
  const [file, setFile] = useState('');
  return (
    <form
      className="row"
      aria-label="Import a profile"
      onSubmit={(e) => {
        e.preventDefault();
        if (file.trim()) void importProfile(file.trim());
      }}
    >
      <label className="grow">
        Profile file on the host (ORT profile JSON, benchmark_app -pc log or counters CSV/JSON,
        OpenVINO exec graph XML, SparseScope profile)
        <input
          type="text"
          value={file}
          onChange={(e) => setFile(e.target.value)}
          placeholder="/path/to/onnxruntime_profile.json"
        />
      </label>
      <button type="submit" disabled={!file.trim()}>
        Import profile
      </button>
    </form>
  );
}
