import { memo } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { describeRatio } from '../../../../core/views/noise';
import { SERIES_PALETTE } from '../../../../core/views/series-palette';
import type { SeqCurve } from '../../../../core/views/speedup-views';

const PALETTE = SERIES_PALETTE;

/** Speedup against sequence length, one line per streams/threads configuration. */
export const SeqChart = memo(function SeqChart({
  curves,
  title,
}: {
  curves: SeqCurve[];
  title: string;
}) {
  if (curves.length === 0) return <p className="muted">No paired results to plot.</p>;
  const seqs = [...new Set(curves.flatMap((c) => c.points.map((p) => p.seq)))].sort(
    (a, b) => a - b,
  );
  const rows = seqs.map((seq) => {
    const row: Record<string, number | number[]> = { seq };
    for (const c of curves) {
      const p = c.points.find((x) => x.seq === seq);
      if (!p) continue;
      row[c.key] = p.speedup;
      if (p.ci) row[`${c.key}:ci`] = [p.speedup - p.ci.low, p.ci.high - p.speedup];
    }
    return row;
  });
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={rows} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="seq"
            type="number"
            scale="log"
            domain={['dataMin', 'dataMax']}
            ticks={seqs}
            stroke="var(--muted)"
            label={{
              value: 'sequence length',
              position: 'insideBottom',
              offset: -4,
              fill: 'var(--muted)',
            }}
          />
          <YAxis
            stroke="var(--muted)"
            domain={['auto', 'auto']}
            label={{ value: 'speedup ×', angle: -90, position: 'insideLeft', fill: 'var(--muted)' }}
          />
          <ReferenceLine y={1} stroke="var(--muted)" strokeDasharray="4 4" />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            formatter={(value, name) => {
              const curve = curves.find((c) => c.key === name);
              const point = curve?.points.find((p) => p.speedup === value);
              const text = point
                ? describeRatio(point.speedup, point.ci, point.withinNoise)
                : `×${Number(value).toFixed(3)}`;
              return [text, String(name)];
            }}
          />
          <Legend />
          {curves.map((c, i) => (
            <Line
              key={c.key}
              dataKey={c.key}
              name={c.key}
              stroke={PALETTE[i % PALETTE.length]}
              strokeWidth={2}
              dot
              isAnimationActive={false}
              connectNulls
            >
              <ErrorBar
                dataKey={`${c.key}:ci`}
                width={4}
                stroke={PALETTE[i % PALETTE.length]}
                strokeOpacity={0.6}
              />
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
      <table className="sr-only" aria-label={`${title} (values)`}>
        <tbody>
          {curves.flatMap((c) =>
            c.points.map((p) => (
              <tr key={`${c.key}-${p.seq}`} data-testid={`seq-${c.key}-${p.seq}`}>
                <td>{c.key}</td>
                <td>{p.seq}</td>
                <td>{p.speedup.toFixed(2)}</td>
                <td>{describeRatio(p.speedup, p.ci, p.withinNoise)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </figure>
  );
});
