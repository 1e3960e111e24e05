import { useEffect, useState } from 'react';
import type { EngineId } from '../../../../core/api/names';
import { EngineOptions } from '../../components/engine-select';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';

/**
 * What people choose once and the app keeps (settings.json in the workspace, the same for the
 * desktop window and the web page): theme, the engine forms start with, a results folder that
 * every exported report is also saved into — and the files opened lately, to open again.
 */
export function SettingsPanel() {
  const settings = useStore((s) => s.settings);
  const error = useStore((s) => s.settingsError);
  const save = useStore((s) => s.saveSettings);
  const setTheme = useStore((s) => s.setTheme);
  const theme = useStore((s) => s.theme);
  const openModel = useStore((s) => s.openModel);
  const setArea = useStore((s) => s.setArea);
  const load = useStore((s) => s.loadSettings);
  const [folder, setFolder] = useState<string | null>(null);
  // Read again when the page shows: files opened since then are in the recent list.
  useEffect(() => {
    void load();
  }, [load]);
  if (!settings) return error ? <ErrorBox error={error} /> : null;
  const folderText = folder ?? settings.resultsFolder ?? '';
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        className="row"
        aria-label="Settings"
        onSubmit={(e) => {
          e.preventDefault();
          const resultsFolder = folderText.trim() === '' ? null : folderText.trim();
          void save({ resultsFolder }).then((ok) => ok && setFolder(null));
        }}
      >
        <label>
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark')}>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        <label>
          Default engine
          <select
            value={settings.defaultEngine ?? ''}
            onChange={(e) => void save({ defaultEngine: (e.target.value || null) as EngineId })}
          >
            <option value="">each page&apos;s own</option>
            <EngineOptions />
          </select>
        </label>
        <label className="grow">
          Results folder (exported reports are also saved here)
          <input
            value={folderText}
            placeholder="none: reports stay in the workspace"
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <button type="submit" disabled={folder === null}>
          Save folder
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      <h3>Recent files</h3>
      {settings.recentFiles.length === 0 ? (
        <p className="muted">None yet: models you open are listed here.</p>
      ) : (
        <ul className="recent-files" aria-label="Recent files">
          {settings.recentFiles.map((file) => (
            <li key={file}>
              <button
                type="button"
                className="link"
                onClick={() => void openModel(file).then(() => setArea('models'))}
              >
                {file}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
