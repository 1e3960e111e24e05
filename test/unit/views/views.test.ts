import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../../core/api/schemas/bench-result';
import { compareRuns } from '../../../core/views/compare-runs';
import { pairChoices } from '../../../core/views/pairs';
import { resultPoints } from '../../../core/views/result-points';
import {
  selectionSpeedups,
  speedupBySeq,
  speedupColor,
  speedupHeatmap,
} from '../../../core/views/speedup-views';
import { budgetRange, sweetSpot } from '../../../core/views/throughput-latency';
import { handMadeResult } from '../helpers/hand-made-result';

// Inputs for pure arithmetic: shaped like results, numbers chosen so expectations are exact.
function r(
  variant: string,
  engine: string,
  streams: number,
  threads: number,
  seq: number,
  fps: number,
  latency: number,
): BenchResult {
  return handMadeResult({ variant, engine, streams, threads, seq, fps, latency, path: null });
}

const RESULTS = [
  r('dense', 'builtin', 1, 1, 16, 100, 10),
  r('sparse', 'builtin', 1, 1, 16, 250, 4),
  r('dense', 'builtin', 2, 2, 16, 150, 13),
  r('sparse', 'builtin', 2, 2, 16, 300, 6.5),
  r('dense', 'builtin', 1, 1, 64, 40, 25),
  r('sparse', 'builtin', 1, 1, 64, 80, 12.5),
];

describe('speedup views', () => {
  const pair = pairChoices(RESULTS).find((p) => p.subject === 'sparse' && p.baseline === 'dense')!;
  const speedups = selectionSpeedups(RESULTS, { pair, other: 'builtin', batch: 1 });

  it('offers sparse over dense first', () => {
    expect(pairChoices(RESULTS)[0]).toMatchObject({
      dimension: 'variant',
      subject: 'sparse',
      baseline: 'dense',
    });
  });

  it('heatmap: one cell per streams × threads at the chosen seq, missing pairs empty', () => {
    const h = speedupHeatmap(speedups, 16);
    expect(h.streams).toEqual([1, 2]);
    expect(h.threads).toEqual([1, 2]);
    expect(h.cells.map((c) => c.speedup?.speedup ?? null)).toEqual([2.5, null, null, 2]);
  });

  it('sequence curves: one per streams/threads config, sorted by seq', () => {
    const curves = speedupBySeq(speedups);
    expect(curves.map((c) => c.key)).toEqual(['s1·t1', 's2·t2']);
    expect(curves[0]!.points.map((p) => [p.seq, p.speedup])).toEqual([
      [16, 2.5],
      [64, 2],
    ]);
  });

  it('colours are centred on 1.0: faster is blue, slower red, equal neutral', () => {
    expect(speedupColor(2)).toMatch(/^hsl\(212 /);
    expect(speedupColor(0.5)).toMatch(/^hsl\(4 /);
    expect(speedupColor(1)).toBe('hsl(212 20% 92%)');
  });
});

describe('throughput vs latency', () => {
  const points = resultPoints(RESULTS);

  it('picks the fastest configuration within the latency budget', () => {
    expect(sweetSpot(points, 7).best?.id).toBe('sparse|builtin|s2|t2|seq16|b1');
    expect(sweetSpot(points, 5).best?.id).toBe('sparse|builtin|s1|t1|seq16|b1');
    expect(sweetSpot(points, 1).best).toBeNull();
    expect(budgetRange(points)).toEqual({ min: 4, max: 25 });
  });

  it('folds repeats into median and spread', () => {
    const [p] = resultPoints([
      r('a', 'ort', 1, 1, 8, 10, 1),
      r('a', 'ort', 1, 1, 8, 30, 3),
      r('a', 'ort', 1, 1, 8, 20, 2),
    ]);
    expect(p!.repeats).toBe(3);
    expect(p!.fps).toEqual({ median: 20, min: 10, max: 30, values: [10, 30, 20] });
    expect(p!.latencyMs.median).toBe(2);
  });
});

describe('A/B compare', () => {
  it('matches configurations and reports the relative change', () => {
    const rows = compareRuns(
      [r('d', 'ort', 1, 1, 8, 100, 1)],
      [r('d', 'ort', 1, 1, 8, 125, 1), r('d', 'ort', 2, 2, 8, 50, 1)],
    );
    expect(rows.map((x) => [x.id, x.aFps, x.bFps, x.delta])).toEqual([
      ['d|ort|s1|t1|seq8|b1', 100, 125, 0.25],
      ['d|ort|s2|t2|seq8|b1', null, 50, null],
    ]);
  });
});
