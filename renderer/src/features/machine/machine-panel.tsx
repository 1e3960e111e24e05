import type { EngineInfo } from '../../../../core/api/contract';
import { DataTable, type Column } from '../../components/data-table';
import { ErrorBox } from '../../components/error-box';
import { useStore } from '../../store/index';

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

const ENGINE_COLUMNS: Column<EngineInfo>[] = [
  { id: 'name', header: 'Engine', cell: (e) => e.name },
  { id: 'version', header: 'Version', cell: (e) => e.version ?? '—' },
  { id: 'status', header: 'Status', cell: (e) => (e.available ? 'available' : e.note) },
];

/** This machine as the host measured it: the context every benchmark number needs. */
export function MachinePanel() {
  const info = useStore((s) => s.appInfo);
  const error = useStore((s) => s.appInfoError);
  const retry = useStore((s) => s.loadAppInfo);
  const showAbout = useStore((s) => s.showAbout);
  if (error) return <ErrorBox error={error} onRetry={() => void retry()} />;
  if (!info) return <p aria-busy="true">Reading machine facts…</p>;
  const m = info.machine;
  return (
    <section className="panel" aria-labelledby="machine-title">
      <h2 id="machine-title">Machine</h2>
      <dl className="facts">
        <dt>CPU</dt>
        <dd data-testid="cpu-model">{m.cpuModel}</dd>
        <dt>Logical cores</dt>
        <dd data-testid="logical-cores">{m.logicalCores}</dd>
        <dt>Physical cores</dt>
        <dd>{m.physicalCores ?? 'not reported'}</dd>
        <dt>Architecture</dt>
        <dd>{m.arch}</dd>
        <dt>ISA flags</dt>
        <dd>
          <ul className="flags" aria-label="ISA flags">
            {m.isaFlags.length === 0 && <li>none detected</li>}
            {m.isaFlags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </dd>
        <dt>Memory</dt>
        <dd>{gib(m.totalMemoryBytes)}</dd>
        <dt>OS</dt>
        <dd>
          {m.os.platform} {m.os.release}
        </dd>
        <dt>Runtime</dt>
        <dd>
          Node {m.versions.node} · V8 {m.versions.v8}
          {m.versions.electron ? ` · Electron ${m.versions.electron}` : ''}
        </dd>
        <dt>Host</dt>
        <dd>
          {info.host} · SparseScope {info.appVersion}
        </dd>
      </dl>
      <h3>Engines</h3>
      <DataTable
        label="Engines"
        rows={info.engines}
        columns={ENGINE_COLUMNS}
        rowKey={(e) => e.id}
      />
      <p>
        <button type="button" className="link" onClick={() => showAbout(true)}>
          About SparseScope (versions for a bug report)
        </button>
      </p>
    </section>
  );
}
