import type { RunDetail } from '../../../../core/api/contract';
import type { BenchResult } from '../../../../core/api/schemas/bench-result';
import type { PointSummary } from '../../../../core/api/sweep-summary';
import { DataTable, type Column } from '../../components/data-table';
import { useStore } from '../../store/index';

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

const POINT_COLUMNS: Column<PointSummary>[] = [
  {
    id: 'variant',
    header: 'Variant',
    cell: (p) => p.cell.variant,
    sortValue: (p) => p.cell.variant,
  },
  { id: 'engine', header: 'Engine', cell: (p) => p.cell.engine, sortValue: (p) => p.cell.engine },
  ...(['streams', 'threads', 'seq', 'batch'] as const).map((k): Column<PointSummary> => ({
    id: k,
    header: k === 'seq' ? 'Seq' : k[0]!.toUpperCase() + k.slice(1),
    numeric: true,
    cell: (p) => p.cell[k],
    sortValue: (p) => p.cell[k],
  })),
  {
    id: 'fps',
    header: 'Throughput (FPS, median)',
    numeric: true,
    cell: (p) => fmt(p.medianFps),
    sortValue: (p) => p.medianFps,
  },
  {
    id: 'spread',
    header: 'Spread (min–max)',
    numeric: true,
    cell: (p) => (p.minFps === null ? '—' : `${fmt(p.minFps)}–${fmt(p.maxFps)}`),
  },
  {
    id: 'latency',
    header: 'Latency median (ms)',
    numeric: true,
    cell: (p) => fmt(p.medianLatencyMs),
    sortValue: (p) => p.medianLatencyMs,
  },
  {
    id: 'cells',
    header: 'Cells',
    cell: (p) =>
      `${p.ok} ok${p.failed ? `, ${p.failed} failed` : ''}${p.noisy ? `, ${p.noisy} under load` : ''}`,
    cellTitle: (p) => p.reasons.join('\n') || undefined,
  },
];

const IMPORTED_COLUMNS: Column<{ result: BenchResult; index: number }>[] = [
  { id: 'source', header: 'Source', cell: ({ result }) => result.source },
  { id: 'model', header: 'Model', cell: ({ result }) => result.model.path ?? '—' },
  {
    id: 'streams',
    header: 'Streams',
    numeric: true,
    cell: ({ result }) => result.config.streams ?? '—',
  },
  {
    id: 'fps',
    header: 'Throughput (FPS)',
    numeric: true,
    cell: ({ result }) => fmt(result.throughput_fps),
    sortValue: ({ result }) => result.throughput_fps,
  },
  {
    id: 'latency',
    header: 'Latency median (ms)',
    numeric: true,
    cell: ({ result }) => fmt(result.latency_ms.median),
  },
];

function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating…';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s left` : `${s} s left`;
}

/** One run: live progress while it runs, then per-point medians and spreads over repeats. */
export function RunView() {
  const run = useStore((s) => s.runDetail);
  const progress = useStore((s) => (s.runDetail ? s.progress[s.runDetail.id] : undefined));
  const status = useStore((s) => s.runs.find((r) => r.id === s.runDetail?.id)?.status);
  if (!run) return null;
  const running = status === 'running';
  const done = progress?.done ?? run.lines.length;
  const total = progress?.total ?? run.cells.planned;
  return (
    <section className="panel" aria-label={`Run ${run.name}`}>
      <h3>{run.name}</h3>
      {run.kind === 'sweep' && (
        <div className="progress-line">
          <progress
            max={total}
            value={done}
            aria-label="Sweep progress"
            aria-valuetext={`${done} of ${total} cells`}
          />
          <span>
            {done}/{total} cells
            {running && progress
              ? ` · now ${progress.cell ?? '—'} · ${formatEta(progress.etaMs)}`
              : ''}
            {!running ? ` · ${status ?? run.status}` : ''}
          </span>
        </div>
      )}
      {run.summary ? (
        <DataTable
          label="Sweep results"
          compact
          rows={run.summary.points}
          columns={POINT_COLUMNS}
          rowKey={(p) => p.point}
        />
      ) : (
        <DataTable
          label="Imported results"
          compact
          rows={run.results.map((result, index) => ({ result, index }))}
          columns={IMPORTED_COLUMNS}
          rowKey={(row) => String(row.index)}
        />
      )}
      {run.summary && !running && <NoisyCells run={run} />}
      {run.summary && run.summary.skipped.length > 0 && (
        <details className="muted">
          <summary>
            {run.summary.skipped.length} grid point{run.summary.skipped.length === 1 ? '' : 's'}{' '}
            skipped
          </summary>
          {run.summary.skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}
        </details>
      )}
    </section>
  );
}

/**
 * Cells measured while other processes loaded the machine, and the way to measure them again:
 * each runs with the cells it is paired with, back to back, so its ratios stay paired.
 */
function NoisyCells({ run }: { run: RunDetail }) {
  const noisy = run.summary?.points.reduce((n, p) => n + p.noisy, 0) ?? 0;
  if (noisy === 0 || run.kind !== 'sweep') return null;
  return (
    <p className="row" data-testid="noisy-cells">
      <span>
        {noisy} cell{noisy === 1 ? ' was' : 's were'} measured while other processes loaded the
        machine: their figures may be off, and the speedups they enter are wider or within noise.
      </span>
      <button
        type="button"
        onClick={() => void useStore.getState().resumeSweep(run.id, { rerunNoisy: true })}
      >
        Re-run {noisy === 1 ? 'it' : `these ${noisy}`} with the cells{' '}
        {noisy === 1 ? 'it is' : 'they are'} paired with
      </button>
    </p>
  );
}
