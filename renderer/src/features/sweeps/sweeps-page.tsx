import { useEffect, useState } from 'react';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import { ImportForm } from './import-form';
import { RunView } from './run-view';
import { RunsList } from './runs-list';
import { SweepBuilder } from './sweep-builder';
import { SweepEditor } from './sweep-editor';

/** Start sweeps, watch them run, read their results; import foreign runs beside them. */
export function SweepsPage() {
  const error = useStore((s) => s.runsError);
  const loadRuns = useStore((s) => s.loadRuns);
  const loadModels = useStore((s) => s.loadModels);
  const [json, setJson] = useState('');
  useEffect(() => {
    void loadRuns();
    void loadModels();
  }, [loadRuns, loadModels]);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="sweeps-title">
        <h2 id="sweeps-title">Sweeps</h2>
        {error && <ErrorBox error={error} />}
        <RunsList />
        <ImportForm />
      </section>
      <RunView />
      <SweepBuilder onShowJson={(config) => setJson(JSON.stringify(config, null, 2))} />
      <SweepEditor text={json} setText={setJson} />
    </div>
  );
}
