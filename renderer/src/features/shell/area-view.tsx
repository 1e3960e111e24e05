import { lazy, Suspense } from 'react';
import type { AreaId } from '../../store/areas';
import { MachinePanel } from '../machine/machine-panel';
import { SettingsPanel } from '../settings/settings-panel';
import { QuickStart } from '../start/quick-start';
import { GraphPage } from '../graph/graph-page';
import { ModelsPage } from '../models/models-page';
import { ProfilePage } from '../profile/profile-page';
import { ExportDialog } from '../reports/export-dialog';
import { ReportsPage } from '../reports/reports-page';
import { ResultsPage } from '../results/results-page';
import { SweepsPage } from '../sweeps/sweeps-page';

// The editor (CodeMirror) is the largest area: loaded when first opened.
const ConfigPage = lazy(() =>
  import('../config/config-page').then((m) => ({ default: m.ConfigPage })),
);

/** The area, and the Export dialog any area may open (Results, Profile, Graph). */
export function AreaView({ area }: { area: AreaId }) {
  return (
    <>
      <AreaContent area={area} />
      <ExportDialog />
    </>
  );
}

function AreaContent({ area }: { area: AreaId }) {
  if (area === 'machine') {
    return (
      <div className="stack">
        <QuickStart />
        <MachinePanel />
        <SettingsPanel />
      </div>
    );
  }
  if (area === 'models') return <ModelsPage />;
  if (area === 'sweeps') return <SweepsPage />;
  if (area === 'results') return <ResultsPage />;
  if (area === 'profile') return <ProfilePage />;
  if (area === 'graph') return <GraphPage />;
  if (area === 'config')
    return (
      <Suspense fallback={<p className="muted">Loading the config editor…</p>}>
        <ConfigPage />
      </Suspense>
    );
  return <ReportsPage />;
}
