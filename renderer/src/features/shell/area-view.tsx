import { EmptyState } from '../../components/empty-state';
import type { AreaId } from '../../store/areas';
import { MachinePanel } from '../machine/machine-panel';
import { QuickStart } from '../start/quick-start';
import { ModelsPage } from '../models/models-page';
import { ResultsPage } from '../results/results-page';
import { SweepsPage } from '../sweeps/sweeps-page';

/** The honest empty states of areas whose features have not landed yet. */
const COMING: Record<
  Exclude<AreaId, 'machine' | 'models' | 'sweeps' | 'results'>,
  { title: string; text: string }
> = {
  profile: {
    title: 'Profile',
    text: 'Per-node and per-op-type time, hotspots and a timeline measured by a real engine. Profiling is not built yet.',
  },
  graph: {
    title: 'Graph',
    text: 'A Netron-style view of the model coloured by measured time per node. Open a model and profile it first; the graph view is not built yet.',
  },
  config: {
    title: 'Config',
    text: 'Edit run and sweep configurations, including benchmark_app -load_config files, with validation. The config editor is not built yet.',
  },
  reports: {
    title: 'Reports',
    text: 'Export HTML/PDF reports, CSV, JSON and Chrome traces of your runs. Nothing to export yet.',
  },
};

export function AreaView({ area }: { area: AreaId }) {
  if (area === 'machine') {
    return (
      <div className="stack">
        <QuickStart />
        <MachinePanel />
      </div>
    );
  }
  if (area === 'models') return <ModelsPage />;
  if (area === 'sweeps') return <SweepsPage />;
  if (area === 'results') return <ResultsPage />;
  const { title, text } = COMING[area];
  return <EmptyState title={title}>{text}</EmptyState>;
}
