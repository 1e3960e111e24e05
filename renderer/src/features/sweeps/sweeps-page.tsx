import { useEffect } from 'react';
import { configText } from '../../../../core/views/config-text';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';
import { ImportForm } from './import-form';
import { RunView } from './run-view';
import { RunsList } from './runs-list';
import { SweepBuilder } from './sweep-builder';

/** Start sweeps, watch them run, read their results; import foreign runs beside them. */
export function SweepsPage() {
  const error = useStore((s) => s.runsError);
  const loadRuns = useStore((s) => s.loadRuns);
  const loadModels = useStore((s) => s.loadModels);
  const newConfig = useStore((s) => s.newConfig);
  const setArea = useStore((s) => s.setArea);
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
      <SweepBuilder
        onShowJson={(config) => {
          // The one config editor: the builder's sweep opens there as a new, unsaved config.
          newConfig(configText(config), 'sweep');
          setArea('config');
        }}
      />
    </div>
  );
}
