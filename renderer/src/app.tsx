import { Fragment, useEffect } from 'react';
import { onDropFiles } from './features/shell/desktop-commands';
import { AREAS, isAreaId } from './store/areas';
import { useStore } from './store/index';
import { AreaView } from './features/shell/area-view';

/** Help → About: the versions a bug report needs. */
function AboutDialog() {
  const open = useStore((s) => s.aboutOpen);
  const info = useStore((s) => s.appInfo);
  const close = useStore((s) => s.showAbout);
  if (!open || !info) return null;
  const v = info.machine.versions;
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="about-title" className="panel about">
      <h2 id="about-title">About SparseScope</h2>
      <dl>
        <dt>SparseScope</dt>
        <dd>{info.appVersion}</dd>
        {info.engines.map((e) => (
          <Fragment key={e.id}>
            <dt>{e.name}</dt>
            <dd>{e.available ? (e.version ?? 'available') : `unavailable — ${e.note}`}</dd>
          </Fragment>
        ))}
        <dt>Runtime</dt>
        <dd>
          Node {v.node} · V8 {v.v8}
          {v.electron ? ` · Electron ${v.electron} · Chromium ${v.chrome}` : ''}
        </dd>
        <dt>Host</dt>
        <dd>{info.host}</dd>
      </dl>
      <button type="button" onClick={() => close(false)}>
        Close
      </button>
    </div>
  );
}

/** Host warnings (a rebuilt model list, a damaged sweep …) until the user dismisses them. */
function Notices() {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-label="Host notices">
      {notices.map((n) => (
        <li key={n} role="status">
          <span>{n}</span>
          <button type="button" onClick={() => dismiss(n)} aria-label="Dismiss notice">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

export function App() {
  const area = useStore((s) => s.area);
  const setArea = useStore((s) => s.setArea);
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const loadAppInfo = useStore((s) => s.loadAppInfo);
  const loadSettings = useStore((s) => s.loadSettings);
  const cpu = useStore((s) => s.appInfo?.machine.cpuModel);
  const cores = useStore((s) => s.appInfo?.machine.logicalCores);

  useEffect(() => {
    void loadAppInfo();
    void loadSettings();
  }, [loadAppInfo, loadSettings]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const onPop = () => {
      const id = location.hash.replace(/^#\/?/, '');
      if (isAreaId(id)) useStore.setState({ area: id });
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const label = AREAS.find((a) => a.id === area)?.label ?? '';
  const addNotice = useStore((s) => s.addNotice);
  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        onDropFiles(e.dataTransfer.files, addNotice);
      }}
    >
      <header className="topbar">
        <h1 className="brand">SparseScope</h1>
        <span className="machine-summary" aria-label="Machine summary">
          {cpu ? `${cpu} · ${cores} cores` : ''}
        </span>
        <button
          type="button"
          className="theme-toggle"
          aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      <nav className="sidebar" aria-label="Areas">
        <ul>
          {AREAS.map((a) => (
            <li key={a.id}>
              <a
                href={`#/${a.id}`}
                aria-current={a.id === area ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setArea(a.id);
                }}
              >
                {a.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content" aria-label={label}>
        <Notices />
        <AboutDialog />
        <AreaView area={area} />
      </main>
    </div>
  );
}
