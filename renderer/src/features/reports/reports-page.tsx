import { useEffect, useMemo, useState } from 'react';
import type { ReportEntry, ReportFormat } from '../../../../core/api/contract';
import { REPORT_FORMATS } from '../../../../core/api/names';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorBox } from '../../components/error-box';
import { formatBytes } from '../../components/format';
import { useStore } from '../../store/index';

/** Export the report again from its stored request, in the format picked on its row. */
function ReexportCell({ entry }: { entry: ReportEntry }) {
  const [format, setFormat] = useState<ReportFormat>(entry.format);
  const exportReport = useStore((s) => s.exportReport);
  const exporting = useStore((s) => s.exporting);
  return (
    <span className="row tight">
      <select
        aria-label={`Format to export ${entry.title} again`}
        value={format}
        onChange={(e) => setFormat(e.target.value as ReportFormat)}
      >
        {REPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {f.toUpperCase()}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={exporting !== null}
        aria-label={`Export ${entry.title} again as ${format.toUpperCase()}`}
        onClick={() => void exportReport(entry.request, format)}
      >
        Export again
      </button>
    </span>
  );
}

function columns(
  download: (id: string) => void,
  remove: (id: string) => void,
): Column<ReportEntry>[] {
  return [
    {
      id: 'title',
      header: 'Report',
      cell: (r) => r.title,
      sortValue: (r) => r.title,
      filterText: (r) => r.title,
    },
    {
      id: 'format',
      header: 'Format',
      cell: (r) => r.format.toUpperCase(),
      sortValue: (r) => r.format,
    },
    {
      id: 'inputs',
      header: 'Inputs',
      cell: (r) => r.inputs.join('; '),
      filterText: (r) => r.inputs.join(' '),
    },
    {
      id: 'created',
      header: 'Exported',
      cell: (r) => new Date(r.createdAt).toLocaleString(),
      sortValue: (r) => r.createdAt,
    },
    {
      id: 'size',
      header: 'Size',
      numeric: true,
      cell: (r) => formatBytes(r.sizeBytes),
      sortValue: (r) => r.sizeBytes,
    },
    {
      id: 'download',
      header: 'File',
      cell: (r) => (
        <button type="button" aria-label={`Download ${r.fileName}`} onClick={() => download(r.id)}>
          Download
        </button>
      ),
    },
    { id: 'again', header: 'Export again', cell: (r) => <ReexportCell entry={r} /> },
    {
      id: 'delete',
      header: 'Delete',
      cell: (r) => (
        <button type="button" aria-label={`Delete ${r.fileName}`} onClick={() => remove(r.id)}>
          Delete
        </button>
      ),
    },
  ];
}

/** The Reports area: every exported report, to download, export again (any format) or delete. */
export function ReportsPage() {
  const reports = useStore((s) => s.reports);
  const loaded = useStore((s) => s.reportsLoaded);
  const error = useStore((s) => s.reportsError);
  const load = useStore((s) => s.loadReports);
  const download = useStore((s) => s.downloadReport);
  const remove = useStore((s) => s.deleteReport);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    void load();
  }, [load]);
  const cols = useMemo(
    () =>
      columns(
        (id) => void download(id),
        (id) => void remove(id),
      ),
    [download, remove],
  );
  if (loaded && reports.length === 0)
    return (
      <div className="stack">
        {error && <ErrorBox error={error} />}
        <EmptyState title="Reports">
          No reports exported yet. Use “Export report…” on the Results or Profile page: HTML, PDF,
          CSV, JSON or Markdown of a run, an A/B pair or a profile. Exported reports are listed here
          to download or export again.
        </EmptyState>
      </div>
    );
  return (
    <section className="panel stack" aria-labelledby="reports-title">
      <h2 id="reports-title">Reports</h2>
      <p className="muted">
        Exported reports are stored in the workspace. “Export again” rebuilds one from its runs and
        profiles as they are stored now, in the format you pick.
      </p>
      {error && <ErrorBox error={error} />}
      <label>
        Filter reports
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="title or input"
        />
      </label>
      <DataTable
        label="Exported reports"
        rows={reports}
        columns={cols}
        rowKey={(r) => r.id}
        filter={filter}
        compact
      />
    </section>
  );
}
