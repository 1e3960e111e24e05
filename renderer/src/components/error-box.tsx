import type { ApiErrorData } from '../../../core/api/contract';

/** An API error in plain words, with its detail folded away. */
export function ErrorBox({ error, onRetry }: { error: ApiErrorData; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert">
      <strong>{error.message}</strong>
      {error.detail && (
        <details>
          <summary>Details</summary>
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
