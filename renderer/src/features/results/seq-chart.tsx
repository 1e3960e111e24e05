import { memo, useMemo } from 'react';
import { curveSeries, lineGeometry } from '../../../../core/views/line-chart';
import { describeRatio } from '../../../../core/views/noise';
import type { SeqCurve } from '../../../../core/views/speedup-views';

const W = 560;
const H = 290;
const LEGEND_W = 116;
const PAD = { left: 56, right: 16 + LEGEND_W, top: 12, bottom: 44 };

/**
 * Speedup against sequence length, one line per streams/threads configuration: 95% intervals
 * as whiskers, hollow dots within noise, each point's figure in its tooltip. The geometry is
 * the reports' (core/views/line-chart), so a report draws the same chart.
 */
export const SeqChart = memo(function SeqChart({
  curves,
  title,
}: {
  curves: SeqCurve[];
  title: string;
}) {
  const g = useMemo(
    () =>
      lineGeometry(
        {
          x_label: 'seq',
          x_log: true,
          reference_y: 1,
          series: curveSeries(curves),
        },
        { width: W, height: H, pad: PAD },
      ),
    [curves],
  );
  if (curves.length === 0) return <p className="muted">No paired results to plot.</p>;
  const midY = (g.plot.top + g.plot.bottom) / 2;
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="svg-chart seq-chart"
        role="img"
        aria-label={`${curves.length} configurations against sequence length`}
      >
        {g.yTicks.map((t) => (
          <g key={`y${t.value}`}>
            <line x1={g.plot.left} x2={g.plot.right} y1={t.at} y2={t.at} className="grid" />
            <text x={g.plot.left - 6} y={t.at + 4} textAnchor="end" className="tick">
              {t.value}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <g key={`x${t.value}`}>
            <line x1={t.at} x2={t.at} y1={g.plot.top} y2={g.plot.bottom} className="grid" />
            <text x={t.at} y={g.plot.bottom + 16} textAnchor="middle" className="tick">
              {t.value}
            </text>
          </g>
        ))}
        <text
          x={(g.plot.left + g.plot.right) / 2}
          y={H - 6}
          textAnchor="middle"
          className="axis-label"
        >
          sequence length
        </text>
        <text
          x={14}
          y={midY}
          textAnchor="middle"
          className="axis-label"
          transform={`rotate(-90 14 ${midY})`}
        >
          speedup ×
        </text>
        {g.referenceAt !== null && (
          <line
            x1={g.plot.left}
            x2={g.plot.right}
            y1={g.referenceAt}
            y2={g.referenceAt}
            className="reference"
          />
        )}
        {g.series.map((s, i) => (
          <g key={s.label} style={{ color: s.color }}>
            <path d={s.path} className="line" />
            {s.points.map((p) => (
              <g key={p.cx}>
                {p.whisker && (
                  <path
                    d={`M${p.cx} ${p.whisker.low}V${p.whisker.high}M${p.cx - 3} ${p.whisker.low}h6M${p.cx - 3} ${p.whisker.high}h6`}
                    className="whisker"
                  />
                )}
                <circle cx={p.cx} cy={p.cy} r={3.5} className={p.withinNoise ? 'dot noise' : 'dot'}>
                  <title>{p.tip}</title>
                </circle>
              </g>
            ))}
            {PAD.top + 14 + i * 16 < g.plot.bottom && (
              <>
                <line
                  x1={W - LEGEND_W}
                  x2={W - LEGEND_W + 16}
                  y1={PAD.top + 10 + i * 16}
                  y2={PAD.top + 10 + i * 16}
                  className="line"
                />
                <text x={W - LEGEND_W + 22} y={PAD.top + 14 + i * 16} className="legend">
                  {s.label}
                </text>
              </>
            )}
          </g>
        ))}
        <text x={W - LEGEND_W} y={H - 10} className="tick">
          hollow: within noise
        </text>
      </svg>
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
