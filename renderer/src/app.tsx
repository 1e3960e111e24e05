import { useEffect } from 'react';
import { AREAS, isAreaId } from './store/areas';
import { useStore } from './store/index';
import { AreaView } from './features/shell/area-view';

export function App() {
  const area = useStore((s) => s.area);
  const setArea = useStore((s) => s.setArea);
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const loadAppInfo = useStore((s) => s.loadAppInfo);
  const cpu = useStore((s) => s.appInfo?.machine.cpuModel);
  const cores = useStore((s) => s.appInfo?.machine.logicalCores);

  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);

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
  return (
    <div className="app">
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
        <AreaView area={area} />
      </main>
    </div>
  );
}
