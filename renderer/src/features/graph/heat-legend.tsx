import type { HeatLegend as Legend } from '../../../../core/views/graph-heat';

/** The overlay's scale: colour steps from the least to the most, with their values. */
export function HeatLegend({ legend, untimed }: { legend: Legend; untimed: number }) {
  return (
    <figure className="graph-legend" aria-label="Heat legend">
      <figcaption>
        {legend.title}
        {legend.scale === 'log' ? ' (log scale)' : ''}
      </figcaption>
      <ol className="graph-legend-steps">
        {legend.stops.map((s) => (
          <li key={s.label}>
            <svg width="44" height="10" aria-hidden="true">
              <rect width="44" height="10" fill={s.color} />
            </svg>
            <span>{s.label}</span>
          </li>
        ))}
      </ol>
      {untimed > 0 && <p className="muted">{untimed} node(s) not in the profile (grey)</p>}
    </figure>
  );
}
