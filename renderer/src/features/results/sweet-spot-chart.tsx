import { memo } from 'react';
import { linearScale } from '../../../../core/views/scale';
import type { SweetSpot } from '../../../../core/views/throughput-latency';

const W = 760;
const H = 300;
const PAD = { left: 64, right: 16, top: 20, bottom: 40 };

/**
 * Throughput against latency; points inside the latency budget stand out, the best is named.
 * Drawn as plain SVG rather than with recharts: a sweep has hundreds of points, and one
 * element per point keeps this view interactive as the budget slider moves.
 */
export const SweetSpotChart = memo(function SweetSpotChart({
  spot,
  budgetMs,
  metric,
}: {
  spot: SweetSpot;
  budgetMs: number;
  metric: string;
}) {
  if (spot.points.length === 0) return <p className="muted">No results with latency figures.</p>;
  const x = linearScale(spot.points.map((p) => p.latency));
  const y = linearScale(spot.points.map((p) => p.fps.median));
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const px = (v: number) => PAD.left + x.map(v, iw);
  const py = (v: number) => PAD.top + ih - y.map(v, ih);
  const budgetX = px(Math.min(Math.max(budgetMs, x.domain[0]), x.domain[1]));
  return (
    <figure className="chart" aria-label="Throughput vs latency">
      <figcaption>
        Throughput vs {metric} latency —{' '}
        <strong data-testid="sweet-spot-best">
          {spot.best
            ? `best within ${budgetMs.toFixed(1)} ms: ${spot.best.id} (${spot.best.fps.median.toFixed(2)} FPS)`
            : `nothing within ${budgetMs.toFixed(1)} ms`}
        </strong>
        {spot.best && spot.runnerUp && spot.indistinguishable && (
          <span className="muted" data-testid="sweet-spot-tie">
            {' '}
            — within noise of {spot.runnerUp.id} ({spot.runnerUp.fps.median.toFixed(2)} FPS): the
            measurements cannot tell these two apart
          </span>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="svg-chart scatter"
        role="img"
        aria-label={`${spot.points.length} configurations`}
      >
        {y.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={py(t)} y2={py(t)} className="grid" />
            <text x={PAD.left - 6} y={py(t) + 4} textAnchor="end" className="tick">
              {t}
            </text>
          </g>
        ))}
        {x.ticks.map((t) => (
          <g key={`x${t}`}>
            <line y1={PAD.top} y2={PAD.top + ih} x1={px(t)} x2={px(t)} className="grid" />
            <text x={px(t)} y={H - PAD.bottom + 16} textAnchor="middle" className="tick">
              {t}
            </text>
          </g>
        ))}
        <text x={PAD.left + iw / 2} y={H - 4} textAnchor="middle" className="axis-label">
          {metric} latency (ms)
        </text>
        <text
          x={14}
          y={PAD.top + ih / 2}
          textAnchor="middle"
          className="axis-label"
          transform={`rotate(-90 14 ${PAD.top + ih / 2})`}
        >
          throughput (FPS)
        </text>
        <line x1={budgetX} x2={budgetX} y1={PAD.top} y2={PAD.top + ih} className="budget" />
        <text x={budgetX} y={PAD.top - 6} textAnchor="middle" className="budget-label">
          budget
        </text>
        {spot.points.map((p) => (
          <circle
            key={p.id}
            cx={px(p.latency)}
            cy={py(p.fps.median)}
            r={p.id === spot.best?.id ? 7 : 4}
            className={p.id === spot.best?.id ? 'best' : p.withinBudget ? 'inside' : 'outside'}
          >
            <title>
              {`${p.id}: ${p.fps.median.toFixed(2)} FPS (spread ${p.fps.min.toFixed(2)}–${p.fps.max.toFixed(2)}), ${metric} latency ${p.latency.toFixed(2)} ms`}
            </title>
          </circle>
        ))}
      </svg>
    </figure>
  );
});
