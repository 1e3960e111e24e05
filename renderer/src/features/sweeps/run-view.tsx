import { useStore } from '../../store/index';

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

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
        <table className="table compact" aria-label="Sweep results">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Engine</th>
              <th scope="col" className="num">
                Streams
              </th>
              <th scope="col" className="num">
                Threads
              </th>
              <th scope="col" className="num">
                Seq
              </th>
              <th scope="col" className="num">
                Batch
              </th>
              <th scope="col" className="num">
                Throughput (FPS, median)
              </th>
              <th scope="col" className="num">
                Spread (min–max)
              </th>
              <th scope="col" className="num">
                Latency median (ms)
              </th>
              <th scope="col">Cells</th>
            </tr>
          </thead>
          <tbody>
            {run.summary.points.map((p) => (
              <tr key={p.point}>
                <td>{p.cell.variant}</td>
                <td>{p.cell.engine}</td>
                <td className="num">{p.cell.streams}</td>
                <td className="num">{p.cell.threads}</td>
                <td className="num">{p.cell.seq}</td>
                <td className="num">{p.cell.batch}</td>
                <td className="num">{fmt(p.medianFps)}</td>
                <td className="num">
                  {p.minFps === null ? '—' : `${fmt(p.minFps)}–${fmt(p.maxFps)}`}
                </td>
                <td className="num">{fmt(p.medianLatencyMs)}</td>
                <td title={p.reasons.join('\n')}>
                  {p.ok} ok{p.failed ? `, ${p.failed} failed` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <table className="table compact" aria-label="Imported results">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Streams
              </th>
              <th scope="col" className="num">
                Throughput (FPS)
              </th>
              <th scope="col" className="num">
                Latency median (ms)
              </th>
            </tr>
          </thead>
          <tbody>
            {run.results.map((r, i) => (
              <tr key={i}>
                <td>{r.source}</td>
                <td>{r.model.path ?? '—'}</td>
                <td className="num">{r.config.streams ?? '—'}</td>
                <td className="num">{fmt(r.throughput_fps)}</td>
                <td className="num">{fmt(r.latency_ms.median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.summary && run.summary.skipped.length > 0 && (
        <p className="muted">
          Skipped: {run.summary.skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}
        </p>
      )}
    </section>
  );
}
