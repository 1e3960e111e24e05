import { memo } from 'react';
import {
  attainable,
  type Roofs,
  type RooflinePoint,
} from '../../../../core/views/profile-roofline';
import { useStore } from '../../store/index';

const W = 640;
const H = 340;
const PAD = { l: 56, r: 16, t: 12, b: 40 };
const ROOF_COLOR = { wasm: '#7c3aed', native: '#059669' } as const;

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

/**
 * The roofline: each executed node a dot at (FLOP per byte, achieved GFLOP/s), sized by its
 * share of time, under the memory and compute roofs of the runtime it ran in (log–log).
 */
export const RooflineChart = memo(function RooflineChart({
  roofs,
  points,
  omitted = 0,
}: {
  roofs: Roofs[];
  points: RooflinePoint[];
  omitted?: number;
}) {
  const focusNode = useStore((s) => s.focusNode);
  const focused = useStore((s) => s.focusedNode);
  if (points.length === 0)
    return (
      <p className="muted">No node has counted FLOPs and bytes: nothing to place on a roofline.</p>
    );
  const xs = points.map((p) => p.intensity);
  const ys = points.map((p) => p.gflops);
  const xLo = Math.min(...xs, ...roofs.map((r) => r.ridge / 10)) / 2;
  const xHi = Math.max(...xs, ...roofs.map((r) => r.ridge * 10)) * 2;
  const yLo = Math.min(...ys) / 2;
  const yHi = Math.max(...ys, ...roofs.map((r) => r.peakGflops)) * 2;
  const lx = (v: number) =>
    PAD.l +
    ((Math.log10(v) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (W - PAD.l - PAD.r);
  const ly = (v: number) =>
    H -
    PAD.b -
    ((Math.log10(Math.max(v, yLo)) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) *
      (H - PAD.t - PAD.b);
  return (
    <figure className="chart" aria-label="Roofline">
      <figcaption>
        Roofline: arithmetic intensity (FLOP/byte) vs achieved GFLOP/s, dots sized by time share.{' '}
        {roofs.length === 0
          ? 'No machine peaks were measured, so no roofs.'
          : roofs.map((r) => `${r.family}: ${r.peakLabel}; ${r.bandwidthLabel}`).join(' · ')}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Roofline of ${points.length} nodes`}
      >
        {decades(xLo, xHi).map((v) => (
          <g key={`x${v}`}>
            <line x1={lx(v)} x2={lx(v)} y1={PAD.t} y2={H - PAD.b} stroke="var(--border)" />
            <text
              x={lx(v)}
              y={H - PAD.b + 14}
              fontSize="10"
              textAnchor="middle"
              fill="var(--muted)"
            >
              {v >= 1 ? v : v.toPrecision(1)}
            </text>
          </g>
        ))}
        {decades(yLo, yHi).map((v) => (
          <g key={`y${v}`}>
            <line x1={PAD.l} x2={W - PAD.r} y1={ly(v)} y2={ly(v)} stroke="var(--border)" />
            <text x={PAD.l - 6} y={ly(v) + 3} fontSize="10" textAnchor="end" fill="var(--muted)">
              {v >= 1 ? v : v.toPrecision(1)}
            </text>
          </g>
        ))}
        <text x={(W + PAD.l) / 2} y={H - 6} fontSize="11" textAnchor="middle" fill="var(--muted)">
          FLOP / byte
        </text>
        <text
          x={12}
          y={H / 2}
          fontSize="11"
          textAnchor="middle"
          fill="var(--muted)"
          transform={`rotate(-90 12 ${H / 2})`}
        >
          GFLOP/s
        </text>
        {roofs.map((r) => {
          const pts = [xLo, r.ridge, xHi].map((x) => `${lx(x)},${ly(attainable(r, x))}`).join(' ');
          return (
            <polyline
              key={r.family}
              points={pts}
              fill="none"
              stroke={ROOF_COLOR[r.family]}
              strokeWidth={2}
              aria-label={`${r.family} roof`}
            />
          );
        })}
        {points.map((p) => (
          <circle
            key={p.node}
            cx={lx(p.intensity)}
            cy={ly(p.gflops)}
            r={3 + Math.sqrt(p.share) * 14}
            fill={p.kernel === 'sparse' ? '#dc2626' : ROOF_COLOR[p.family]}
            fillOpacity={0.55}
            stroke={p.name === focused ? 'var(--text)' : 'none'}
            strokeWidth={2}
            onClick={() => focusNode(p.name)}
          >
            <title>{`${p.name} (${p.opType}, ${p.kernel ?? '?'}): ${p.intensity.toFixed(2)} FLOP/B, ${p.gflops.toFixed(2)} GFLOP/s, ${(p.share * 100).toFixed(1)}% of time${p.ofRoof !== null ? `, ${(p.ofRoof * 100).toFixed(0)}% of its roof` : ''}`}</title>
          </circle>
        ))}
      </svg>
      {omitted > 0 && (
        <p className="muted">
          Showing the {points.length} nodes with the most time; {omitted} more are left out.
        </p>
      )}
      <p className="muted">
        Red dots: sparse kernels (their FLOPs count only the nonzeros). Lines:{' '}
        {roofs.map((r) => `${r.family} roofs`).join(', ') || 'none'}.
      </p>
    </figure>
  );
});
