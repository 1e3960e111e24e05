import { isBug, type ApiErrorData } from '../../../core/api/errors';

/** An API error in plain words, with its detail folded away; bugs say so and what to report. */
export function ErrorBox({ error, onRetry }: { error: ApiErrorData; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      {isBug(error) && <p className="bug-note">This is a bug, not something you did wrong.</p>}
      <strong>{error.message}</strong>
      {error.detail && (
        <details>
          <summary>{isBug(error) ? 'What to report' : 'Details'}</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
