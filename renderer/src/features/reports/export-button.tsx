import { useStore } from '../../store/index';
import type { ExportTarget } from '../../store/reports-slice';

/** Opens the Export dialog for what a page shows (a run and its compare run, a profile). */
export function ExportReportButton({ target }: { target: ExportTarget }) {
  const open = useStore((s) => s.openExport);
  const empty = target.runs.length + target.profiles.length === 0;
  return (
    <button type="button" disabled={empty} onClick={() => open(target)}>
      Export report…
    </button>
  );
}

/** The Graph area's entry: a report of the profile laid over the graph (none without one). */
export function ProfileReportButton({ profileId }: { profileId: string | null }) {
  const name = useStore((s) => s.profiles.find((p) => p.id === profileId)?.name ?? profileId);
  if (!profileId) return null;
  return (
    <div className="row">
      <ExportReportButton
        target={{ runs: [], profiles: [profileId], names: [name ?? profileId], from: 'graph' }}
      />
    </div>
  );
}
