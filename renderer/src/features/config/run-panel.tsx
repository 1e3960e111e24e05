import { useState } from 'react';
import type { ConfigCheck, ConfigRunRequest } from '../../../../core/api/contract';
import type { ConfigKind, EngineId } from '../../../../core/api/names';
import { EngineOptions, useEngineChoice } from '../../components/engine-select';
import { ModelOptions } from '../../components/model-options';
import { useStore } from '../../store/index';

/**
 * Run what the config describes. An invalid config cannot start anything: the button is
 * disabled and the reason stands beside it. A benchmark_app config has no model (benchmark_app
 * takes -m, -shape and -t on its command line), so those are asked for here.
 */
export function RunPanel({
  check,
  checking,
  kind,
}: {
  /** The check of the current text (null while it is being checked). */
  check: ConfigCheck | null;
  checking: boolean;
  /** The kind the editor shows (kept while a new check runs, so the panel does not flicker). */
  kind: ConfigKind | null;
}) {
  const models = useStore((s) => s.models);
  const busy = useStore((s) => s.configBusy);
  const [model, setModel] = useState('');
  const [engine, setEngine] = useEngineChoice('ort');
  const [seq, setSeq] = useState('64');
  const [seconds, setSeconds] = useState('10');

  const error = check?.issues.find((i) => i.severity === 'error');
  const chosenModel = model || models[0]?.path || '';
  const benchOk = Number.isInteger(Number(seq)) && Number(seq) >= 1 && Number(seconds) > 0;
  const reason = checking
    ? 'Checking the config…'
    : !check
      ? 'No config yet.'
      : error
        ? `Fix the config first: ${error.message}`
        : check.kind === null
          ? 'Not a config SparseScope can run.'
          : kind === 'benchmark-app' && !chosenModel
            ? 'Open or generate a model first (Models area): a benchmark_app config holds none.'
            : kind === 'benchmark-app' && !benchOk
              ? 'Sequence length must be a positive integer and seconds > 0.'
              : busy
                ? busy
                : null;

  const start = async () => {
    const bench: ConfigRunRequest['bench'] =
      kind === 'benchmark-app'
        ? { model: chosenModel, engine, seq: Number(seq), time_s: Number(seconds) }
        : null;
    const run = await useStore.getState().startConfigRun(bench);
    if (!run) return;
    const store = useStore.getState();
    await store.loadRuns();
    await store.selectRun(run.id);
    store.setArea('sweeps');
  };

  return (
    <section className="config-run" aria-labelledby="config-run-title">
      <h3 id="config-run-title">Run from the editor</h3>
      {kind === 'benchmark-app' && (
        <div className="row">
          <label>
            Model (-m)
            <select value={chosenModel} onChange={(e) => setModel(e.target.value)}>
              <ModelOptions by="path" />
            </select>
          </label>
          <label>
            Engine
            <select value={engine} onChange={(e) => setEngine(e.target.value as EngineId)}>
              <EngineOptions />
            </select>
          </label>
          <label>
            Sequence length (-shape)
            <input value={seq} inputMode="numeric" onChange={(e) => setSeq(e.target.value)} />
          </label>
          <label>
            Seconds (-t)
            <input
              value={seconds}
              inputMode="decimal"
              onChange={(e) => setSeconds(e.target.value)}
            />
          </label>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={reason !== null}
          aria-describedby="config-run-reason"
          onClick={() => void start()}
        >
          {kind === 'sweep' ? 'Start sweep' : 'Start run'}
        </button>
        <span id="config-run-reason" className="muted" role="status">
          {reason ??
            (kind === 'sweep'
              ? 'Runs every cell of the grid; watch it in Sweeps.'
              : 'Runs as a one-cell sweep, stored and shown in Sweeps and Results.')}
        </span>
      </div>
    </section>
  );
}
