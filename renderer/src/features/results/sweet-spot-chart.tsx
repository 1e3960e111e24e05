import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { SweetSpot } from '../../../../core/views/throughput-latency';

/** Throughput against latency; points inside the latency budget stand out, the best is named. */
export function SweetSpotChart({ spot, budgetMs, metric }: { spot: SweetSpot; budgetMs: number; metric: string }) {
  if (spot.points.length === 0) return <p className="muted">No results with latency figures.</p>;
  const inside = spot.points.filter((p) => p.withinBudget && p.id !== spot.best?.id);
  const outside = spot.points.filter((p) => !p.withinBudget);
  const best = spot.best ? [spot.best] : [];
  const tooltip = (p: (typeof spot.points)[number]) =>
    `${p.id}: ${p.fps.median.toFixed(2)} FPS (spread ${p.fps.min.toFixed(2)}–${p.fps.max.toFixed(2)}), ${metric} latency ${p.latency.toFixed(2)} ms`;
  return (
    <figure className="chart" aria-label="Throughput vs latency">
      <figcaption>
        Throughput vs {metric} latency —{' '}
        <strong data-testid="sweet-spot-best">
          {spot.best ? `best within ${budgetMs.toFixed(1)} ms: ${spot.best.id} (${spot.best.fps.median.toFixed(2)} FPS)` : `nothing within ${budgetMs.toFixed(1)} ms`}
        </strong>
      </figcaption>
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 24, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="latency" type="number" name="latency" unit=" ms" stroke="var(--muted)" domain={['auto', 'auto']} />
          <YAxis dataKey="fps.median" type="number" name="throughput" unit=" FPS" stroke="var(--muted)" domain={['auto', 'auto']} />
          <ZAxis range={[60, 60]} />
          <ReferenceLine x={budgetMs} stroke="#d97706" strokeDasharray="4 4" label={{ value: 'budget', fill: '#d97706', position: 'top' }} />
          <Tooltip
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as (typeof spot.points)[number] | undefined;
              return p ? <div className="tooltip">{tooltip(p)}</div> : null;
            }}
          />
          <Scatter name="outside budget" data={outside} fill="#9ca3af" isAnimationActive={false} />
          <Scatter name="within budget" data={inside} fill="#2563eb" isAnimationActive={false} />
          <Scatter name="best" data={best} fill="#16a34a" shape="star" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
