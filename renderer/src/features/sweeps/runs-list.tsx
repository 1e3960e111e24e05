import type { RunSummary } from '../../../../core/api/contract';
import { DataTable, type Column } from '../../components/data-table';
import { runStatusText } from '../../components/format';
import { useStore } from '../../store/index';
import { DeleteRunButton } from './delete-run-button';

const COLUMNS: Column<RunSummary>[] = [
  {
    id: 'name',
    header: 'Run',
    cell: (r) => (
      <button
        type="button"
        className="link"
        onClick={() => void useStore.getState().selectRun(r.id)}
      >
        {r.name}
      </button>
    ),
    sortValue: (r) => r.name,
  },
  { id: 'kind', header: 'Kind', cell: (r) => r.kind, sortValue: (r) => r.kind },
  {
    id: 'status',
    header: 'Status',
    cell: (r) => runStatusText(r),
    sortValue: (r) => r.status,
  },
  {
    id: 'cells',
    header: 'Cells',
    numeric: true,
    cell: (r) => `${r.cells.recorded}/${r.cells.planned}`,
    sortValue: (r) => r.cells.recorded,
  },
  {
    id: 'failed',
    header: 'Failed',
    numeric: true,
    cell: (r) => r.cells.failed,
    sortValue: (r) => r.cells.failed,
  },
  {
    id: 'started',
    header: 'Started',
    cell: (r) => new Date(r.startedAt).toLocaleString(),
    sortValue: (r) => r.startedAt,
  },
  { id: 'actions', header: 'Actions', cell: (r) => <RunActions run={r} /> },
];

function RunActions({ run }: { run: RunSummary }) {
  const { cancelSweep, resumeSweep } = useStore.getState();
  return (
    <span className="actions">
      {(run.status === 'running' || run.status === 'queued') && (
        <button
          type="button"
          onClick={() => void cancelSweep(run.id)}
          aria-label={`Cancel ${run.name}`}
        >
          Cancel
        </button>
      )}
      {run.kind === 'sweep' && run.status === 'interrupted' && (
        <button
          type="button"
          onClick={() => void resumeSweep(run.id)}
          aria-label={`Resume ${run.name}`}
        >
          Resume
        </button>
      )}
      <DeleteRunButton run={run} />
    </span>
  );
}

/** Every sweep and import in the workspace, newest first, with what can be done to it. */
export function RunsList() {
  const runs = useStore((s) => s.runs);
  const loaded = useStore((s) => s.runsLoaded);
  const selectedId = useStore((s) => s.selectedRunId);
  if (!loaded) return <p aria-busy="true">Loading runs…</p>;
  if (runs.length === 0) return <p className="muted">No sweeps or imported runs yet.</p>;
  return (
    <DataTable
      label="Runs"
      rows={runs}
      columns={COLUMNS}
      rowKey={(r) => r.id}
      selectedKey={selectedId}
    />
  );
}
