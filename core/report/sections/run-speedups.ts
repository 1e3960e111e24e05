import type { BenchResult } from '../../api/schemas/bench-result';
import type { CellMark, CellValue, ReportBlock } from '../../api/schemas/report';
import type { Speedup } from '../../api/sweep-summary';
import { seqChoices } from '../../views/chart-picks';
import { curveSeries } from '../../views/line-chart';
import { describeRatio } from '../../views/noise';
import { otherValues, pairChoices, type PairChoice } from '../../views/pairs';
import { distinctValues, resultPoints } from '../../views/result-points';
import { sparseWeightNotes } from '../../views/sparse-weight-notes';
import { dimensionValues } from '../../views/speedup';
import { selectionSpeedups, speedupBySeq, speedupHeatmap } from '../../views/speedup-views';
import { budgetRange, sweetSpot, type SweetSpot } from '../../views/throughput-latency';
import { block, makeTable, slug } from '../table';

/** One comparison the Results page can show: a pair, the value held fixed, a batch — and its speedups. */
export interface Comparison {
  pair: PairChoice;
  other: string;
  batch: number;
  /** The Results page's chart title for this selection. */
  label: string;
  speedups: Speedup[];
}

/**
 * The comparisons a report shows for one run: each later variant over the first, and each
 * engine over ORT (the pairs the Results page offers first; their inverses add nothing), for
 * every value of the other dimension and every batch — each through `selectionSpeedups`,
 * exactly as the page computes its heatmap and curves.
 */
export function runComparisons(results: readonly BenchResult[]): Comparison[] {
  const variants = dimensionValues(results, 'variant');
  const pairs = pairChoices(results).filter(
    (p) => p.dimension === 'engine' || p.baseline === variants[0],
  );
  const batches = distinctValues(results, (r) => r.config.batch);
  const out: Comparison[] = [];
  for (const pair of pairs)
    for (const other of otherValues(results, pair))
      for (const batch of batches.length ? batches : [1]) {
        const speedups = selectionSpeedups(results, { pair, other, batch });
        if (speedups.length)
          out.push({
            pair,
            other,
            batch,
            label: `${pair.label} (${other}, batch ${batch})`,
            speedups,
          });
      }
  return out;
}

const byConfig = (a: Speedup, b: Speedup): number =>
  (a.key.streams ?? 0) - (b.key.streams ?? 0) ||
  (a.key.threads ?? 0) - (b.key.threads ?? 0) ||
  (a.key.seq ?? 0) - (b.key.seq ?? 0);

/** Speedups of one comparison: the full table, the streams × threads heatmap as a table per seq, the curves. */
export function comparisonBlock(
  c: Comparison,
  tag: string,
  results: readonly BenchResult[],
): ReportBlock {
  const id = `${tag}-${slug(`${c.pair.subject}-over-${c.pair.baseline}-${c.other}-b${c.batch}`)}`;
  const sorted = [...c.speedups].sort(byConfig);
  const rows: CellValue[][] = sorted.map((s) => [
    s.key.streams,
    s.key.threads,
    s.key.seq,
    s.speedup,
    s.ci?.low ?? null,
    s.ci?.high ?? null,
    s.min,
    s.max,
    s.pairs,
    s.within_noise,
    s.subjectFps,
    s.baselineFps,
    s.ratioOfMedians,
  ]);
  const marks = sorted.map((s) => {
    const m: (CellMark | null)[] = rows[0]!.map(() => null);
    m[3] = s.within_noise ? 'noise' : 'heat';
    return m;
  });
  const speedupTable = makeTable(
    `${id}-speedups`,
    `Speedup: ${c.label}`,
    [
      ['streams', 'streams', 'int'],
      ['threads', 'threads', 'int'],
      ['seq', 'seq', 'int'],
      ['speedup', 'speedup', 'ratio'],
      ['ci_low', '95% CI low', 'ratio'],
      ['ci_high', '95% CI high', 'ratio'],
      ['min', 'min', 'ratio'],
      ['max', 'max', 'ratio'],
      ['repeats', 'repeats', 'int'],
      ['within_noise', 'within noise', 'bool'],
      ['subject_fps', `${c.pair.subject} FPS`, 'fps'],
      ['baseline_fps', `${c.pair.baseline} FPS`, 'fps'],
      ['ratio_of_medians', 'ratio of medians', 'ratio'],
    ],
    rows,
    'Speedup = median of the per-repeat ratios of throughput (repeats ran back to back); 95% interval: Student t on the paired log-ratios. Within noise: the interval contains 1.0, or fewer than 3 repeats.',
    marks,
  );

  const seqs = seqChoices(
    c.speedups,
    distinctValues(results, (r) => r.config.seq),
  );
  const maps = seqs.map((seq) => ({ seq, map: speedupHeatmap(c.speedups, seq) }));
  const threads = [...new Set(maps.flatMap((m) => m.map.threads))].sort((a, b) => a - b);
  const heatRows: CellValue[][] = [];
  const heatMarks: (CellMark | null)[][] = [];
  for (const { seq, map } of maps)
    for (const streams of map.streams) {
      const cells = threads.map(
        (t) => map.cells.find((x) => x.streams === streams && x.threads === t)?.speedup ?? null,
      );
      heatRows.push([seq, streams, ...cells.map((s) => s?.speedup ?? null)]);
      heatMarks.push([
        null,
        null,
        ...cells.map((s) => (s ? (s.within_noise ? 'noise' : 'heat') : null)),
      ]);
    }
  const heatTable = makeTable(
    `${id}-heatmap`,
    `Heatmap, streams × threads: ${c.label}`,
    [
      ['seq', 'seq', 'int'],
      ['streams', 'streams ↓ threads →', 'int'],
      ...threads.map((t) => [`t${t}`, String(t), 'ratio'] as const),
    ],
    heatRows,
    'One row per sequence length and stream count, one column per thread count; ≈ and grey: within noise.',
    heatMarks,
  );

  const curves = speedupBySeq(c.speedups);
  const notes = sparseWeightNotes(results, c.pair, c.other).map(
    (n) => `${n.variant} on ${n.engine}: sparse weight decompression ${n.note}`,
  );
  const real = c.speedups.filter((s) => !s.within_noise);
  const best = real.length ? real.reduce((a, b) => (b.speedup > a.speedup ? b : a)) : null;
  const summary = `${c.speedups.length} configuration${c.speedups.length === 1 ? '' : 's'} paired, ${c.speedups.length - real.length} within noise.${best ? ` Largest measured speedup: ${describeRatio(best.speedup, best.ci, false)} at streams ${best.key.streams}, threads ${best.key.threads}, seq ${best.key.seq}.` : ''}`;
  return block(c.label, {
    paragraphs: [summary, ...notes],
    tables: [speedupTable, heatTable],
    charts: curves.length
      ? [
          {
            kind: 'lines',
            id: `${id}-by-seq`,
            title: `${c.label} vs sequence length`,
            x_label: 'sequence length',
            y_label: 'speedup (×)',
            x_log: true,
            reference_y: 1,
            series: curveSeries(curves),
          },
        ]
      : [],
  });
}

/** The budget the sweet spot uses: the one asked for, else the middle of the measured range (as the Results page starts). */
export function budgetFor(
  points: ReturnType<typeof resultPoints>,
  budgetMs: number | null,
): number | null {
  if (budgetMs !== null) return budgetMs;
  const range = budgetRange(points, 'median');
  return range ? (range.min + range.max) / 2 : null;
}

/** In words, what the sweet spot found: for highlights and the section. */
export function describeSweetSpot(spot: SweetSpot, budget: number): string {
  if (!spot.best)
    return `No configuration stays within a median latency of ${budget.toFixed(3)} ms.`;
  const b = spot.best;
  let text = `Best configuration within ${budget.toFixed(3)} ms median latency: ${b.id} — ${b.fps.median.toFixed(2)} FPS at ${b.latency.toFixed(3)} ms.`;
  if (spot.runnerUp)
    text += spot.indistinguishable
      ? ` It is within noise of ${spot.runnerUp.id} (${spot.runnerUp.fps.median.toFixed(2)} FPS): the measurements cannot tell these two apart.`
      : ` Next: ${spot.runnerUp.id} (${spot.runnerUp.fps.median.toFixed(2)} FPS).`;
  return text;
}

/** Throughput against median latency and the best configuration under the budget (`sweetSpot`). */
export function sweetSpotBlock(
  results: readonly BenchResult[],
  tag: string,
  budgetMs: number | null,
  title: string | null,
): { block: ReportBlock; headline: string | null } | null {
  const points = resultPoints(results);
  const budget = budgetFor(points, budgetMs);
  if (budget === null) return null;
  const spot = sweetSpot(points, budget, 'median');
  if (spot.points.length === 0) return null;
  const ranked = spot.points
    .filter((p) => p.withinBudget)
    .sort((a, b) => b.fps.median - a.fps.median)
    .slice(0, 10);
  const headline = describeSweetSpot(spot, budget);
  return {
    headline,
    block: block(title, {
      paragraphs: [headline],
      tables: [
        makeTable(
          `${tag}-sweet-spot`,
          `Fastest configurations within ${budget.toFixed(3)} ms median latency`,
          [
            ['rank', 'rank', 'int'],
            ['point', 'configuration', 'text'],
            ['median_fps', 'median FPS', 'fps'],
            ['latency_median_ms', 'median latency (ms)', 'ms'],
            ['repeats', 'repeats', 'int'],
          ],
          ranked.map((p, i) => [i + 1, p.id, p.fps.median, p.latency, p.repeats]),
          'Ranked by median throughput over repeats; latency is the median over repeats of each repeat’s median.',
          ranked.map((_, i) =>
            i === 0 ? [null, 'best', null, null, null] : [null, null, null, null, null],
          ),
        ),
      ],
      charts: [
        {
          kind: 'scatter',
          id: `${tag}-sweet-spot-chart`,
          title: 'Throughput vs median latency',
          x_label: 'median latency (ms)',
          y_label: 'throughput (FPS)',
          budget_x: budget,
          points: spot.points.map((p) => ({
            label: p.id,
            x: p.latency,
            y: p.fps.median,
            kind: p.id === spot.best?.id ? 'best' : p.withinBudget ? 'inside' : 'outside',
          })),
        },
      ],
    }),
  };
}
