import { useStore } from '../../store/index';

/** Every sweep and import in the workspace, newest first, with what can be done to it. */
export function RunsList() {
  const runs = useStore((s) => s.runs);
  const loaded = useStore((s) => s.runsLoaded);
  const selectedId = useStore((s) => s.selectedRunId);
  const { selectRun, cancelSweep, resumeSweep, deleteRun } = useStore.getState();
  if (!loaded) return <p aria-busy="true">Loading runs…</p>;
  if (runs.length === 0) return <p className="muted">No sweeps or imported runs yet.</p>;
  return (
    <table className="table" aria-label="Runs">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Cells
          </th>
          <th scope="col" className="num">
            Failed
          </th>
          <th scope="col">Started</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} aria-selected={r.id === selectedId}>
            <td>
              <button type="button" className="link" onClick={() => void selectRun(r.id)}>
                {r.name}
              </button>
            </td>
            <td>{r.kind}</td>
            <td>{r.status}</td>
            <td className="num">
              {r.cells.recorded}/{r.cells.planned}
            </td>
            <td className="num">{r.cells.failed}</td>
            <td>{new Date(r.startedAt).toLocaleString()}</td>
            <td className="actions">
              {r.status === 'running' && (
                <button
                  type="button"
                  onClick={() => void cancelSweep(r.id)}
                  aria-label={`Cancel ${r.name}`}
                >
                  Cancel
                </button>
              )}
              {r.kind === 'sweep' && r.status === 'interrupted' && (
                <button
                  type="button"
                  onClick={() => void resumeSweep(r.id)}
                  aria-label={`Resume ${r.name}`}
                >
                  Resume
                </button>
              )}
              {r.status !== 'running' && (
                <button
                  type="button"
                  onClick={() => void deleteRun(r.id)}
                  aria-label={`Delete ${r.name}`}
                >
                  Delete
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
