import { describe, expect, it } from 'vitest';
import { lineGeometry, type LineSeries } from '../../../core/views/line-chart';

const box = { width: 560, height: 290, pad: { left: 56, right: 116, top: 12, bottom: 44 } };
const seqs = Array.from({ length: 21 }, (_, i) => 4 * (i + 1));

function chart(series: LineSeries[]) {
  return lineGeometry({ x_label: 'seq', x_log: true, reference_y: 1, series }, box);
}

describe('line chart geometry', () => {
  it('places x on a log scale across the plot, first and last at its edges', () => {
    const g = chart([
      { label: 'a', points: seqs.map((x) => ({ x, y: 1, ci: null, within_noise: false })) },
    ]);
    const xs = g.series[0]!.points.map((p) => p.cx);
    expect(xs[0]).toBe(g.plot.left);
    expect(xs.at(-1)).toBe(g.plot.right);
    // log: 4 → 8 spans as much as 40 → 80
    const at = (seq: number) => xs[seqs.indexOf(seq)]!;
    expect(at(8) - at(4)).toBeCloseTo(at(80) - at(40), 0);
  });

  it('keeps x labels apart where a log axis crowds them, and always labels the last', () => {
    const g = chart([
      { label: 'a', points: seqs.map((x) => ({ x, y: 1, ci: null, within_noise: false })) },
    ]);
    const ats = g.xTicks.map((t) => t.at);
    for (let i = 1; i < ats.length; i++) expect(ats[i]! - ats[i - 1]!).toBeGreaterThanOrEqual(26);
    expect(g.xTicks.at(-1)!.value).toBe(84);
    expect(g.xTicks.length).toBeLessThan(seqs.length);
  });

  it('cuts a wild interval at the plot edge and says so in the tooltip only by its numbers', () => {
    const g = chart([
      {
        label: 's1·t1',
        points: [
          { x: 16, y: 2, ci: { low: 1.9, high: 2.1 }, within_noise: false },
          { x: 64, y: 1.1, ci: { low: -50, high: 90 }, within_noise: true },
        ],
      },
    ]);
    const [calm, wild] = g.series[0]!.points;
    expect(calm!.whisker!.low).toBeGreaterThan(calm!.whisker!.high); // pixel y grows downwards
    expect(wild!.whisker!.low).toBeLessThanOrEqual(g.plot.bottom);
    expect(wild!.whisker!.high).toBeGreaterThanOrEqual(g.plot.top);
    expect(wild!.withinNoise).toBe(true);
    expect(wild!.tip).toBe('s1·t1, seq 64: 1.10× — within noise (95% CI -50.00–90.00)');
    expect(calm!.tip).toBe('s1·t1, seq 16: 2.00× (95% CI 1.90–2.10)');
    // The reference line at 1.0 lies inside the plot, below the 2× point.
    expect(g.referenceAt!).toBeGreaterThan(calm!.cy);
    expect(g.referenceAt!).toBeLessThan(g.plot.bottom);
  });

  it('draws each series through its points in x order', () => {
    const g = chart([
      {
        label: 'a',
        points: [64, 16, 32].map((x) => ({ x, y: x / 16, ci: null, within_noise: false })),
      },
    ]);
    const pts = g.series[0]!.points;
    expect(pts.map((p) => p.cx)).toEqual([...pts.map((p) => p.cx)].sort((a, b) => a - b));
    expect(g.series[0]!.path).toBe(pts.map((p, k) => `${k ? 'L' : 'M'}${p.cx} ${p.cy}`).join(' '));
  });
});
