import { memo } from 'react';
import type { ResultPoint } from '../../../../core/views/result-points';

const pct = (v: number, max: number) => `${max > 0 ? (100 * v) / max : 0}%`;

/**
 * Absolute throughput and latency per configuration, as a table with a bar in each figure's
 * cell: every value printed and sortable by eye, the repeats' min–max as a whisker over the
 * throughput bar. HTML, not a chart library: it costs a few milliseconds on any sweep.
 */
export const ThroughputBars = memo(function ThroughputBars({ points }: { points: ResultPoint[] }) {
  if (points.length === 0) return <p className="muted">No results.</p>;
  const fpsMax = Math.max(...points.map((p) => p.fps.max));
  const latencyMax = Math.max(...points.map((p) => p.latencyMs.median ?? 0));
  return (
    <table className="table bar-table" aria-label="Throughput and latency per configuration">
      <thead>
        <tr>
          <th scope="col">configuration</th>
          <th scope="col">throughput (FPS, median; whisker: min–max of repeats)</th>
          <th scope="col">latency (ms, median)</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => {
          const fpsText = `${p.fps.median.toFixed(2)} FPS (min ${p.fps.min.toFixed(2)}, max ${p.fps.max.toFixed(2)} over ${p.repeats} repeat${p.repeats === 1 ? '' : 's'})`;
          const latency = p.latencyMs.median;
          const latencyText =
            latency === null
              ? 'not reported'
              : `median ${latency.toFixed(2)} ms, p90 ${p.latencyMs.p90?.toFixed(2) ?? '—'} ms, p99 ${p.latencyMs.p99?.toFixed(2) ?? '—'} ms`;
          return (
            <tr key={p.id}>
              <th scope="row">{p.id}</th>
              <td title={fpsText}>
                <span className="bar">
                  <span className="bar-fill fps" style={{ width: pct(p.fps.median, fpsMax) }} />
                  <span
                    className="bar-range"
                    style={{
                      left: pct(p.fps.min, fpsMax),
                      width: pct(p.fps.max - p.fps.min, fpsMax),
                    }}
                  />
                </span>
                <span className="bar-value">{p.fps.median.toFixed(2)}</span>
              </td>
              <td title={latencyText}>
                <span className="bar">
                  {latency !== null && (
                    <span
                      className="bar-fill latency"
                      style={{ width: pct(latency, latencyMax) }}
                    />
                  )}
                </span>
                <span className="bar-value">{latency === null ? '—' : latency.toFixed(2)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
