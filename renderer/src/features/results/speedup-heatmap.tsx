import { memo } from 'react';
import type { Heatmap } from '../../../../core/views/speedup-views';
import { describeRatio } from '../../../../core/views/noise';
import { speedupColor } from '../../../../core/views/speedup-views';

/**
 * Speedup for every streams × threads at one sequence length. A table, so every value is
 * printed, readable by screen readers, and exact in its tooltip.
 */
export const SpeedupHeatmap = memo(function SpeedupHeatmap({
  heatmap,
  title,
}: {
  heatmap: Heatmap;
  title: string;
}) {
  if (heatmap.cells.length === 0)
    return <p className="muted">No paired results at this sequence length.</p>;
  const noisy = heatmap.cells.some((c) => c.speedup?.within_noise);
  return (
    <table className="heatmap" aria-label={title}>
      <caption>
        {title}
        {noisy && (
          <span className="noise-legend">
            {' '}
            · grey ≈ cells are within noise (their 95% interval contains 1.0, or fewer than 3
            repeats)
          </span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">streams ↓ threads →</th>
          {heatmap.threads.map((t) => (
            <th key={t} scope="col">
              {t}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {heatmap.streams.map((s) => (
          <tr key={s}>
            <th scope="row">{s}</th>
            {heatmap.threads.map((t) => {
              const cell =
                heatmap.cells.find((c) => c.streams === s && c.threads === t)?.speedup ?? null;
              if (!cell) {
                return (
                  <td
                    key={t}
                    className="empty"
                    aria-label={`streams ${s}, threads ${t}: not measured`}
                  >
                    —
                  </td>
                );
              }
              const detail =
                `${cell.subject} ${cell.subjectFps.toFixed(2)} FPS / ${cell.baseline} ${cell.baselineFps.toFixed(2)} FPS` +
                ` = ${describeRatio(cell.speedup, cell.ci, cell.within_noise)}; spread ${cell.min.toFixed(3)}–${cell.max.toFixed(3)} over ${cell.pairs} repeat${cell.pairs === 1 ? '' : 's'}`;
              return (
                <td
                  key={t}
                  data-testid={`heat-s${s}-t${t}`}
                  className={cell.within_noise ? 'noise' : undefined}
                  style={cell.within_noise ? undefined : { background: speedupColor(cell.speedup) }}
                  title={detail}
                  aria-label={`streams ${s}, threads ${t}: ${detail}`}
                >
                  {cell.within_noise ? `≈${cell.speedup.toFixed(2)}` : cell.speedup.toFixed(2)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
