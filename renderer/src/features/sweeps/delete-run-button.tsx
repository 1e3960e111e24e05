import type { RunSummary } from '../../../../core/api/contract';
import { useStore } from '../../store/index';

/**
 * Delete a run, in every list the same way: a running or queued sweep cannot be deleted (the
 * host refuses too), so the button is disabled and says to cancel first.
 */
export function DeleteRunButton({ run }: { run: RunSummary }) {
  const deleteRun = useStore((s) => s.deleteRun);
  const running = run.status === 'running' || run.status === 'queued';
  return (
    <button
      type="button"
      disabled={running}
      title={running ? 'Cancel the sweep before deleting it' : undefined}
      onClick={() => void deleteRun(run.id)}
      aria-label={`Delete ${run.name}`}
    >
      Delete
    </button>
  );
}
