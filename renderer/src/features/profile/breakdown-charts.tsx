import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OpTypeRow } from '../../../../core/api/schemas/profile';
import type { BreakdownRow } from '../../../../core/views/profile-aggregate';

const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)' };

/** Mean ms per iteration per op type, slowest first, with count and share in the tooltip. */
export const OpTypeChart = memo(function OpTypeChart({ rows }: { rows: OpTypeRow[] }) {
  const data = rows.slice(0, 20).map((r) => ({ ...r, label: `${r.op_type} ×${r.count}` }));
  return (
    <figure className="chart" aria-label="Time by op type">
      <figcaption>Time by op type (ms per iteration; share of all node time)</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 24 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" stroke="var(--muted)" />
          <YAxis
            type="category"
            dataKey="label"
            width={170}
            stroke="var(--muted)"
            tick={{ fontSize: 11 }}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(_v, _n, item) => {
              const r = item.payload as OpTypeRow;
              return [
                `${r.mean_ms.toFixed(3)} ms/iter, ${(r.share * 100).toFixed(1)}% (${r.count} nodes)`,
                r.op_type,
              ];
            }}
          />
          <Bar dataKey="mean_ms" fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});

/** Share of executed node time per kernel (dense/sparse …) or precision. */
export const BreakdownChart = memo(function BreakdownChart({
  rows,
  title,
}: {
  rows: BreakdownRow[];
  title: string;
}) {
  const data = rows.map((r) => ({ ...r, percent: r.share * 100 }));
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title} (% of executed node time)</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 26 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" domain={[0, 100]} stroke="var(--muted)" />
          <YAxis
            type="category"
            dataKey="key"
            width={170}
            stroke="var(--muted)"
            tick={{ fontSize: 11 }}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(_v, _n, item) => {
              const r = item.payload as BreakdownRow;
              return [
                `${(r.share * 100).toFixed(1)}% (${r.count} nodes, ${(r.total_us / 1000).toFixed(2)} ms)`,
                r.key,
              ];
            }}
          />
          <Bar dataKey="percent" fill="#d97706" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});
