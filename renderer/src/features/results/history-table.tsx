import { useState } from 'react';
import { useStore } from '../../store/index';

/** Every run in the workspace with the machine it ran on; filter by text, delete. */
export function HistoryTable() {
  const runs = useStore((s) => s.runs);
  const details = useStore((s) => s.details);
  const deleteRun = useStore((s) => s.deleteRun);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const shown = runs.filter(
    (r) => !needle || `${r.name} ${r.kind} ${r.status}`.toLowerCase().includes(needle),
  );
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
      <table className="table compact" aria-label="Run history">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Machine</th>
            <th scope="col">Started</th>
            <th scope="col">Delete</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const machine = details[r.id]?.results.find((x) => x.machine)?.machine;
            return (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.kind}</td>
                <td>{r.status}</td>
                <td>{machine ? `${machine.cpuModel}, ${machine.logicalCores} cores` : '—'}</td>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td>
                  <button
                    type="button"
                    disabled={r.status === 'running'}
                    onClick={() => void deleteRun(r.id)}
                    aria-label={`Delete run ${r.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
