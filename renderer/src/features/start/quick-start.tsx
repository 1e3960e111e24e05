import { useState } from 'react';
import type { ApiErrorData } from '../../../../core/api/contract';
import type { QuickStartPreset } from '../../../../core/api/names';
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
  // The quick start leaves OpenVINO to the seed experiment below (core/host/quick-start.ts).
  const engines = (engineInfo ?? [])
    .filter((e) => e.available && e.id !== 'openvino')
    .map((e) => e.id);
  const openvino = (engineInfo ?? []).find((e) => e.id === 'openvino');
  const start = async (preset: QuickStartPreset) => {
    setError(null);
    setBusy('Starting');
    const off = api.onEvent((e) => {
      if (e.type === 'progress') setBusy(e.message);
    });
    try {
      const run = await api.quickStart(preset);
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
        streams, threads and sequence length, three interleaved repeats each (a few minutes on 2
        cores) and opens the speedup charts as cells finish. No files or downloads needed.
      </p>
      <button
        type="button"
        className="primary"
        onClick={() => void start('default')}
        disabled={busy !== null}
      >
        Run quick start
      </button>
      <h3 id="seed-title">Seed experiment</h3>
      <p>
        OpenVINO&rsquo;s sparse-weight notebook in one click: an 80%-sparse INT8 mini BERT under the
        dense config (NUM_STREAMS and INFERENCE_NUM_THREADS 4, adapted to this machine&rsquo;s
        cores) and the sparse config (plus CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE 0.75), at sequence
        lengths 16, 64 and 160, on OpenVINO and the builtin side by side. Each OpenVINO result says
        whether decompression applied on this CPU, read from its runtime graph.
      </p>
      {openvino && !openvino.available && (
        <p role="note" data-testid="seed-openvino-missing">
          OpenVINO is not available, so this runs the builtin only: {openvino.note}
        </p>
      )}
      <button
        type="button"
        aria-describedby="seed-title"
        onClick={() => void start('seed')}
        disabled={busy !== null}
      >
        Run the seed experiment
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
