import { useEffect, useState } from 'react';
import type { ApiErrorData, DirectoryListing } from '../../../../core/api/contract';
import { describeError } from '../../../../core/api/errors';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { formatBytes } from '../../components/format';

const SHOWN = {
  models: {
    title: 'Open a model file',
    placeholder: '/path/to/model.onnx or model.xml',
    none: 'model files (.onnx, .xml)',
  },
  configs: {
    title: 'Open a config file',
    placeholder: "/path/to/config.json, or a name in the workspace's configs folder",
    none: 'JSON files',
  },
};

/**
 * Pick a model file (or a JSON config) on the host. The listing comes from the host, so it
 * works the same in the Electron window and in a browser (where a page cannot see host paths).
 * `action` names the typed-path button ("Open path", "Save here"); `initialPath` pre-fills it.
 */
export function FilePicker({
  onPick,
  onCancel,
  show = 'models',
  title = SHOWN[show].title,
  action = 'Open path',
  initialPath = '',
}: {
  onPick(path: string): void;
  onCancel(): void;
  show?: 'models' | 'configs';
  title?: string;
  action?: string;
  initialPath?: string;
}) {
  const [dir, setDir] = useState<string | null>(null);
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  const [error, setError] = useState<ApiErrorData | null>(null);
  const [typed, setTyped] = useState(initialPath);

  useEffect(() => {
    let live = true;
    api.listDirectory(dir, show).then(
      (l) => live && (setListing(l), setError(null)),
      (err: unknown) => live && setError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [dir, show]);

  return (
    <div className="dialog" role="dialog" aria-label={title}>
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
            placeholder={SHOWN[show].placeholder}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!typed.trim()}>
          {action}
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
              <li className="muted">No folders or {SHOWN[show].none} here.</li>
            )}
          </ul>
        </>
      )}
    </div>
  );
}
