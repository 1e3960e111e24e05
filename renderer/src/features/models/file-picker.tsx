import { useEffect, useState } from 'react';
import type { ApiErrorData, DirectoryListing } from '../../../../core/api/contract';
import { describeError } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { formatBytes } from '../../components/format';

/**
 * Pick a model file on the host. The listing comes from the host, so it works the same in
 * the Electron window and in a browser (where a page cannot see host paths).
 */
export function FilePicker({ onPick, onCancel }: { onPick(path: string): void; onCancel(): void }) {
  const [dir, setDir] = useState<string | null>(null);
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [error, setError] = useState<ApiErrorData | null>(null);
  const [typed, setTyped] = useState('');

  useEffect(() => {
    let live = true;
    api.listDirectory(dir).then(
      (l) => live && (setListing(l), setError(null)),
      (err: unknown) => live && setError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [dir]);

  return (
    <div className="dialog" role="dialog" aria-label="Open a model file">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) onPick(typed.trim());
        }}
      >
        <label className="grow">
          Path on the host
          <input
            type="text"
            value={typed}
            placeholder="/path/to/model.onnx or model.xml"
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!typed.trim()}>
          Open path
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      {listing && (
        <>
          <p className="muted">
            Folder <code>{listing.path}</code>
          </p>
          <ul className="file-list" aria-label="Folder contents">
            {listing.parent && (
              <li>
                <button type="button" className="link" onClick={() => setDir(listing.parent)}>
                  ⬆ Parent folder
                </button>
              </li>
            )}
            {listing.entries.map((e) => (
              <li key={e.path}>
                {e.kind === 'dir' ? (
                  <button type="button" className="link" onClick={() => setDir(e.path)}>
                    📁 {e.name}
                  </button>
                ) : (
                  <button type="button" className="link" onClick={() => onPick(e.path)}>
                    {e.name}{' '}
                    <span className="muted">
                      {e.sizeBytes === null ? '' : formatBytes(e.sizeBytes)}
                    </span>
                  </button>
                )}
              </li>
            ))}
            {listing.entries.length === 0 && (
              <li className="muted">No folders or model files (.onnx, .xml) here.</li>
            )}
          </ul>
        </>
      )}
    </div>
  );
}
