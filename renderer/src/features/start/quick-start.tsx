import { useState } from 'react';
import type { ApiErrorData } from '../../../../core/api/contract';
import { describeError } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';

/** One click: generate dense/sparse × FP32/INT8 models, sweep them here, open the results. */
export function QuickStart() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiErrorData | null>(null);
  // Select the stable array; derive outside the selector (a new array per call loops React).
  const engineInfo = useStore((s) => s.appInfo?.engines);
  const engines = (engineInfo ?? []).filter((e) => e.available).map((e) => e.id);
  const start = async () => {
    setError(null);
    setBusy('Starting');
    const off = api.onEvent((e) => {
      if (e.type === 'progress') setBusy(e.message);
    });
    try {
      const run = await api.quickStart();
      const store = useStore.getState();
      await store.loadRuns();
      store.setResultsRunId(run.id);
      store.setArea('results');
    } catch (err) {
      setError(describeError(err));
    } finally {
      off();
      setBusy(null);
    }
  };
  return (
    <section className="panel quick-start" aria-labelledby="quick-start-title">
      <h2 id="quick-start-title">Quick start</h2>
      <p>
        Generates a mini BERT encoder, dense and 80% sparse, in FP32 and INT8, then benchmarks them
        on this machine with {engines.length ? engines.join(' and ') : 'the available engines'} over
        streams and sequence length (about a minute on 2 cores) and opens the speedup charts as
        cells finish. No files or downloads needed.
      </p>
      <button
        type="button"
        className="primary"
        onClick={() => void start()}
        disabled={busy !== null}
      >
        Run quick start
      </button>
      {busy && (
        <p role="status" aria-busy="true">
          {busy}…
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
