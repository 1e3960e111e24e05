import type { LinesChart } from '../api/schemas/report';
import { describeRatio } from './noise';
import { linearScale } from './scale';
import { SERIES_PALETTE } from './series-palette';
import type { SeqCurve } from './speedup-views';

/**
 * Where everything of a ratio-against-x line chart goes, in pixels: one geometry for the
 * Results page (React SVG) and the reports (SVG text), so both draw the same chart. Plain
 * SVG, not a chart library: on a 500-cell sweep recharts took ~115 ms to mount this chart.
 */

export type LineSeries = LinesChart['series'][number];

export interface LineChartBox {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
}

export interface LineGeometry {
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: Array<{ value: number; at: number }>;
  xTicks: Array<{ value: number; at: number }>;
  /** The reference line's pixel y (1.0 for speedups), or null. */
  referenceAt: number | null;
  series: Array<{
    label: string;
    color: string;
    /** SVG path data through the points in x order. */
    path: string;
    points: Array<{
      cx: number;
      cy: number;
      /** The 95% interval's pixel ends, cut at the plot's edge; null without an interval. */
      whisker: { low: number; high: number } | null;
      withinNoise: boolean;
      /** "s1·t2, sequence length 64: 1.83× (95% CI 1.70–1.95)" */
      tip: string;
    }>;
  }>;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const MIN_TICK_GAP = 26;

export function lineGeometry(
  chart: Pick<LinesChart, 'x_label' | 'x_log' | 'reference_y' | 'series'>,
  box: LineChartBox,
): LineGeometry {
  const { pad } = box;
  const plot = {
    left: pad.left,
    top: pad.top,
    right: box.width - pad.right,
    bottom: box.height - pad.bottom,
  };
  const iw = plot.right - plot.left;
  const ih = plot.bottom - plot.top;
  const pts = chart.series.flatMap((s) => s.points);
  const xs = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const tx = (v: number) => (chart.x_log ? Math.log(Math.max(v, 1e-9)) : v);
  // Intervals widen the axis up to twice the points' range; a longer whisker is cut at the
  // edge (its tooltip keeps the numbers), so one wild interval cannot flatten every line.
  const ys = pts.map((p) => p.y);
  if (chart.reference_y !== null) ys.push(chart.reference_y);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-9);
  const lows = pts.flatMap((p) => (p.ci ? [p.ci.low] : []));
  const highs = pts.flatMap((p) => (p.ci ? [p.ci.high] : []));
  const y = linearScale([
    ...ys,
    Math.max(Math.min(...lows, lo), lo - span, 0),
    Math.min(Math.max(...highs, hi), hi + span),
  ]);
  const clampY = (v: number) => Math.min(Math.max(v, y.domain[0]), y.domain[1]);
  const first = xs[0] ?? 0;
  const last = xs.at(-1) ?? 0;
  const px = (v: number) =>
    r1(plot.left + (xs.length <= 1 ? iw / 2 : ((tx(v) - tx(first)) / (tx(last) - tx(first))) * iw));
  const py = (v: number) => r1(plot.bottom - y.map(v, ih));
  // x labels at least MIN_TICK_GAP px apart (a log axis crowds its long end), last one kept.
  const xTicks: LineGeometry['xTicks'] = [];
  for (const value of [...xs].reverse()) {
    const at = px(value);
    // Walking right to left, the nearest kept label is always the first one.
    if (!xTicks[0] || xTicks[0].at - at >= MIN_TICK_GAP) xTicks.unshift({ value, at });
  }
  return {
    plot,
    yTicks: y.ticks.map((value) => ({ value, at: py(value) })),
    xTicks,
    referenceAt: chart.reference_y === null ? null : py(chart.reference_y),
    series: chart.series.map((s, i) => {
      const points = [...s.points].sort((a, b) => a.x - b.x);
      return {
        label: s.label,
        color: SERIES_PALETTE[i % SERIES_PALETTE.length]!,
        path: points.map((p, k) => `${k ? 'L' : 'M'}${px(p.x)} ${py(p.y)}`).join(' '),
        points: points.map((p) => ({
          cx: px(p.x),
          cy: py(p.y),
          whisker: p.ci ? { low: py(clampY(p.ci.low)), high: py(clampY(p.ci.high)) } : null,
          withinNoise: p.within_noise,
          tip: `${s.label}, ${chart.x_label} ${p.x}: ${describeRatio(p.y, p.ci, p.within_noise)}`,
        })),
      };
    }),
  };
}

/** Speedup-by-sequence curves as chart series (x = sequence length). */
export function curveSeries(curves: readonly SeqCurve[]): LineSeries[] {
  return curves.map((curve) => ({
    label: curve.key,
    points: curve.points.map((p) => ({
      x: p.seq,
      y: p.speedup,
      ci: p.ci,
      within_noise: p.withinNoise,
    })),
  }));
}
