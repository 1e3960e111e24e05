import { useMemo, useState } from 'react';
import type { RunDetail, RunSummary } from '../../../../core/api/contract';
import { DataTable, type Column } from '../../components/data-table';
import { runStatusText } from '../../components/format';
import { useStore } from '../../store/index';
import { DeleteRunButton } from '../sweeps/delete-run-button';

function historyColumns(details: Record<string, RunDetail>): Column<RunSummary>[] {
  return [
    { id: 'name', header: 'Run', cell: (r) => r.name, sortValue: (r) => r.name },
    { id: 'kind', header: 'Kind', cell: (r) => r.kind, sortValue: (r) => r.kind },
    { id: 'status', header: 'Status', cell: (r) => runStatusText(r), sortValue: (r) => r.status },
    {
      id: 'machine',
      header: 'Machine',
      cell: (r) => {
        const machine = details[r.id]?.results.find((x) => x.machine)?.machine;
        return machine ? `${machine.cpuModel}, ${machine.logicalCores} cores` : '—';
      },
    },
    {
      id: 'started',
      header: 'Started',
      cell: (r) => new Date(r.startedAt).toLocaleString(),
      sortValue: (r) => r.startedAt,
    },
    { id: 'delete', header: 'Delete', cell: (r) => <DeleteRunButton run={r} /> },
  ];
}

/** Every run in the workspace with the machine it ran on; filter by text, delete. */
export function HistoryTable() {
  const runs = useStore((s) => s.runs);
  const details = useStore((s) => s.details);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = runs.filter(
    (r) => !needle || `${r.name} ${r.kind} ${r.status}`.toLowerCase().includes(needle),
  );
  const columns = useMemo(() => historyColumns(details), [details]);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h3 id="history-title">History</h3>
      <label>
        Filter runs
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="name, kind or status"
        />
      </label>
      <DataTable label="Run history" compact rows={shown} columns={columns} rowKey={(r) => r.id} />
    </section>
  );
}
