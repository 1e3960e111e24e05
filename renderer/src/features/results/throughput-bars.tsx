import { memo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ResultPoint } from '../../../../core/views/result-points';

/** Absolute throughput and latency per configuration, with the spread of repeats as error bars. */
export const ThroughputBars = memo(function ThroughputBars({ points }: { points: ResultPoint[] }) {
  if (points.length === 0) return <p className="muted">No results.</p>;
  const rows = points.map((p) => ({
    id: p.id,
    fps: p.fps.median,
    fpsSpread: [p.fps.median - p.fps.min, p.fps.max - p.fps.median],
    fpsText: `${p.fps.median.toFixed(2)} FPS (min ${p.fps.min.toFixed(2)}, max ${p.fps.max.toFixed(2)} over ${p.repeats} repeat${p.repeats === 1 ? '' : 's'})`,
    latencyText:
      p.latencyMs.median === null
        ? 'not reported'
        : `median ${p.latencyMs.median.toFixed(2)} ms, p90 ${p.latencyMs.p90?.toFixed(2) ?? '—'} ms, p99 ${p.latencyMs.p99?.toFixed(2) ?? '—'} ms`,
    latency: p.latencyMs.median ?? 0,
    repeats: p.repeats,
  }));
  const height = Math.max(200, rows.length * 22 + 40);
  return (
    <div className="columns">
      {(['fps', 'latency'] as const).map((key) => (
        <figure
          key={key}
          className="chart"
          aria-label={
            key === 'fps' ? 'Throughput per configuration' : 'Median latency per configuration'
          }
        >
          <figcaption>
            {key === 'fps'
              ? 'Throughput (FPS, median; bars show min–max of repeats)'
              : 'Latency (ms, median)'}
          </figcaption>
          <ResponsiveContainer width="100%" height={height}>
            <BarChart
              data={rows}
              layout="vertical"
              margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis type="number" stroke="var(--muted)" />
              <YAxis
                type="category"
                dataKey="id"
                width={220}
                stroke="var(--muted)"
                tick={{ fontSize: 11 }}
              />
              <Tooltip
                contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
                formatter={(_v, _name, item) => {
                  const row = item.payload as (typeof rows)[number];
                  return [
                    key === 'fps' ? row.fpsText : row.latencyText,
                    key === 'fps' ? 'throughput' : 'latency',
                  ];
                }}
              />
              <Bar
                dataKey={key}
                fill={key === 'fps' ? '#2563eb' : '#d97706'}
                isAnimationActive={false}
              >
                {key === 'fps' && (
                  <ErrorBar dataKey="fpsSpread" width={4} stroke="var(--text)" direction="x" />
                )}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
});
