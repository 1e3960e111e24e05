import { useEffect, useMemo, useState } from 'react';
import type {
  ApiErrorData,
  ReportEntry,
  ReportFormat,
  ReportPreview,
  ReportRequest,
} from '../../../../core/api/contract';
import { describeError } from '../../../../core/api/errors';
import { REPORT_FORMATS, REPORT_SECTIONS, type ReportSection } from '../../../../core/api/names';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { formatBytes } from '../../components/format';
import { useStore } from '../../store/index';
import './reports.css';

export const FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'HTML — one self-contained file',
  pdf: 'PDF — printed from the same HTML',
  csv: 'CSV — every table, zipped',
  json: 'JSON — the report document',
  md: 'Markdown — with SVG charts, zipped',
};

const SECTION_LABELS: Record<ReportSection, string> = {
  machine: 'Machine and software',
  models: 'Models (size, parameters, sparsity, FLOPs)',
  configs: 'Configurations',
  results: 'Results per configuration',
  speedups: 'Speedups (heatmap, vs sequence length)',
  'sweet-spot': 'Best configuration under a latency budget',
  noise: 'Measurement noise',
  hotspots: 'Hotspots and op types (profiles)',
  compare: 'A/B compare',
  measurements: 'Every measurement',
  notes: 'Notes',
};

/** The preview follows the form this long after the last keystroke. */
const PREVIEW_DELAY_MS = 400;

/**
 * Export a report of what the page shows: choose sections, title, budget, notes and format;
 * the preview is the report's own HTML (from the host, exactly what an HTML export writes) in
 * a sandboxed frame without scripts. Exported files are stored in the Reports area and saved.
 */
export function ExportDialog() {
  const target = useStore((s) => s.exportTarget);
  const close = useStore((s) => s.closeExport);
  if (!target) return null;
  // A new target is a new form.
  return <ExportForm key={[...target.runs, ...target.profiles].join('|')} onClose={close} />;
}

function ExportForm({ onClose }: { onClose(): void }) {
  const target = useStore((s) => s.exportTarget)!;
  const exportReport = useStore((s) => s.exportReport);
  const exporting = useStore((s) => s.exporting);
  const exportError = useStore((s) => s.reportsError);
  const [title, setTitle] = useState('');
  const [format, setFormat] = useState<ReportFormat>('html');
  const [budget, setBudget] = useState('');
  const [notes, setNotes] = useState('');
  const [sections, setSections] = useState<ReportSection[]>([...REPORT_SECTIONS]);
  const [preview, setPreview] = useState<ReportPreview | null>(null);
  const [previewError, setPreviewError] = useState<ApiErrorData | null>(null);
  const [done, setDone] = useState<ReportEntry | null>(null);

  const budgetMs = Number(budget);
  const budgetOk = budget.trim() === '' || (Number.isFinite(budgetMs) && budgetMs > 0);
  const request = useMemo<ReportRequest>(
    () => ({
      runs: target.runs,
      profiles: target.profiles,
      sections,
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(budget.trim() && budgetOk ? { budgetMs } : {}),
      ...(notes.trim() ? { notes } : {}),
    }),
    [target, sections, title, budget, budgetOk, budgetMs, notes],
  );

  useEffect(() => {
    if (sections.length === 0) return;
    let live = true;
    const timer = setTimeout(() => {
      api.previewReport(request).then(
        (p) => live && (setPreview(p), setPreviewError(null)),
        (err: unknown) => live && setPreviewError(describeError(err)),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request, sections.length]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const toggle = (s: ReportSection) =>
    setSections((now) => (now.includes(s) ? now.filter((x) => x !== s) : [...now, s]));

  return (
    <div className="export-backdrop">
      <div
        className="export-dialog panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
      >
        <header className="row">
          <h2 id="export-title" className="grow">
            Export report
          </h2>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </header>
        <p className="muted">Of: {target.names.join(' vs ')}</p>
        <div className="export-body">
          <form
            className="export-form stack"
            aria-label="Report options"
            onSubmit={(e) => {
              e.preventDefault();
              void exportReport(request, format).then((entry) => setDone(entry));
            }}
          >
            <label>
              Title
              <input
                type="text"
                value={title}
                placeholder={preview?.title ?? 'made from the inputs’ names'}
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
            <label>
              Format
              <select value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
                {REPORT_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_LABELS[f]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Latency budget (ms)
              <input
                type="number"
                min={0}
                step="any"
                value={budget}
                placeholder="middle of the measured range"
                aria-invalid={!budgetOk}
                onChange={(e) => setBudget(e.target.value)}
              />
            </label>
            <fieldset>
              <legend>Sections</legend>
              {REPORT_SECTIONS.map((s) => (
                <label key={s} className="check">
                  <input
                    type="checkbox"
                    checked={sections.includes(s)}
                    onChange={() => toggle(s)}
                  />
                  {SECTION_LABELS[s]}
                  {preview && sections.includes(s) && !preview.sections.includes(s) && (
                    <span className="muted"> (nothing to show)</span>
                  )}
                </label>
              ))}
            </fieldset>
            <label>
              Notes
              <textarea
                rows={4}
                value={notes}
                placeholder="Shown in the report’s Notes section"
                onChange={(e) => setNotes(e.target.value)}
              />
            </label>
            <button
              type="submit"
              className="primary"
              disabled={exporting !== null || sections.length === 0 || !budgetOk}
            >
              {exporting
                ? `Exporting ${exporting.toUpperCase()}…`
                : `Export ${format.toUpperCase()}`}
            </button>
            {sections.length === 0 && <p className="muted">Choose at least one section.</p>}
            {exportError && <ErrorBox error={exportError} />}
            {done && !exportError && (
              <p role="status">
                Exported {done.fileName} ({formatBytes(done.sizeBytes)}); it is listed under Reports
                {done.copy ? ` and saved as ${done.copy}` : ''}.
              </p>
            )}
          </form>
          <div className="export-preview">
            {previewError && <ErrorBox error={previewError} />}
            {preview ? (
              <iframe
                title="Report preview"
                sandbox=""
                srcDoc={preview.html}
                className="report-frame"
              />
            ) : (
              !previewError && <p aria-busy="true">Preparing the preview…</p>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
