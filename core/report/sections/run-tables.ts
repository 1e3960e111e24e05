import type { BenchResult } from '../../api/schemas/bench-result';
import type { CellValue, ReportBlock } from '../../api/schemas/report';
import { MIN_REPEATS, ratioInterval } from '../../views/noise';
import { pointId, pointKeyOf } from '../../views/point-key';
import { resultPoints } from '../../views/result-points';
import { median } from '../../views/speedup';
import type { RunInput } from '../inputs';
import { block, byNumericText, makeTable, withoutEmptyColumns, type ColumnSpec } from '../table';
import type { Comparison } from './run-speedups';

/** What names a grid point (CELL_KEY_FIELDS), as columns. */
const KEY_COLUMNS: ColumnSpec[] = [
  ['variant', 'variant', 'text'],
  ['engine', 'engine', 'text'],
  ['streams', 'streams', 'int'],
  ['threads', 'threads', 'int'],
  ['seq', 'seq', 'int'],
  ['batch', 'batch', 'int'],
];

/** A point's throughput over its repeats: how many, median, spread. */
const FPS_COLUMNS: ColumnSpec[] = [
  ['repeats', 'repeats', 'int'],
  ['median_fps', 'median FPS', 'fps'],
  ['min_fps', 'min FPS', 'fps'],
  ['max_fps', 'max FPS', 'fps'],
];

const CI_COLUMNS: ColumnSpec[] = [
  ['fps_ci_low', 'FPS 95% CI low', 'fps'],
  ['fps_ci_high', 'FPS 95% CI high', 'fps'],
];

type Point = ReturnType<typeof resultPoints>[number];

const fpsCells = (p: Point): CellValue[] => [p.repeats, p.fps.median, p.fps.min, p.fps.max];

/** 95% interval of the typical throughput, as the sweep summary computes it (`ratioInterval`). */
function ciCells(p: Point): CellValue[] {
  const ci = ratioInterval(p.fps.values.filter((f) => f > 0));
  return [ci?.low ?? null, ci?.high ?? null];
}

/** Per grid point: median throughput and its spread and interval, latencies (`resultPoints`). */
export function resultsBlock(input: RunInput, tag: string, title: string | null): ReportBlock {
  const points = resultPoints(input.results).sort((a, b) => byNumericText(a.id, b.id));
  const tables = [
    makeTable(
      `${tag}-results`,
      'Throughput and latency per configuration',
      [
        ['point', 'configuration', 'text'],
        ...KEY_COLUMNS,
        ...FPS_COLUMNS,
        ...CI_COLUMNS,
        ['latency_median_ms', 'median latency (ms)', 'ms'],
        ['latency_p90_ms', 'p90 (ms)', 'ms'],
        ['latency_p99_ms', 'p99 (ms)', 'ms'],
      ],
      points.map((p) => [
        p.id,
        p.variant,
        p.engine,
        p.streams,
        p.threads,
        p.seq,
        p.batch,
        ...fpsCells(p),
        ...ciCells(p),
        p.latencyMs.median,
        p.latencyMs.p90,
        p.latencyMs.p99,
      ]),
      'Throughput: median over repeats, with their min and max and the 95% interval of the typical (geometric-mean) throughput. Latencies: median over repeats of each repeat’s statistic.',
    ),
  ];
  const paragraphs: string[] = [];
  if (input.kind === 'sweep') {
    const s = input.summary;
    paragraphs.push(
      `${s.recorded} of ${s.planned} cells recorded, ${s.failed} failed${s.skipped.length ? `, ${s.skipped.length} grid point(s) skipped` : ''}.`,
    );
    const failed = s.points.filter((p) => p.failed > 0);
    if (failed.length || s.skipped.length)
      tables.push(
        makeTable(
          `${tag}-failures`,
          'Failed and skipped',
          [
            ['point', 'configuration', 'text'],
            ['failed', 'failed cells', 'int'],
            ['reason', 'reason', 'text'],
          ],
          [
            ...failed.map((p) => [p.point, p.failed, p.reasons.join('; ')]),
            ...s.skipped.map((k) => [k.id, 0, `skipped: ${k.reason}`]),
          ],
        ),
      );
  } else {
    paragraphs.push(
      `${input.results.length} imported result(s) from ${input.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}.`,
    );
  }
  return block(title, { paragraphs, tables });
}

/** How noisy the measurement was: spread of repeats, intervals, machine load; and how many speedups are claims. */
export function noiseBlock(
  input: RunInput,
  tag: string,
  title: string | null,
  comparisons: readonly Comparison[],
): ReportBlock {
  const groups = new Map<string, BenchResult[]>();
  for (const r of input.results) {
    const id = pointId(pointKeyOf(r));
    groups.set(id, [...(groups.get(id) ?? []), r]);
  }
  const points = resultPoints(input.results).sort((a, b) => byNumericText(a.id, b.id));
  const medianOf = (xs: number[]) => (xs.length ? median(xs) : null);
  const rows: CellValue[][] = points.map((p) => {
    const rs = groups.get(p.id) ?? [];
    const loads = rs.flatMap((r) => (r.load ? [r.load] : []));
    return [
      p.id,
      ...fpsCells(p),
      p.fps.median > 0 ? (p.fps.max - p.fps.min) / p.fps.median : null,
      ...ciCells(p),
      loads.filter((l) => l.noisy).length,
      medianOf(loads.map((l) => l.loadavg_1m)),
      medianOf(loads.flatMap((l) => (l.other_cpu_fraction === null ? [] : [l.other_cpu_fraction]))),
    ];
  });
  const all = comparisons.flatMap((c) => c.speedups);
  const within = all.filter((s) => s.within_noise).length;
  const few = all.filter((s) => s.pairs < MIN_REPEATS).length;
  const noisy = rows.reduce((n, r) => n + (r[8] as number), 0);
  const paragraphs = [
    'A sweep runs the configurations it compares back to back and interleaves their repeats, so each repeat gives one paired ratio. The 95% interval of a speedup is a Student t interval on the logarithms of those ratios; a speedup is within noise when its interval contains 1.0 or when fewer than 3 repeats were paired.',
    all.length
      ? `${within} of ${all.length} speedup(s) are within noise${few ? ` (${few} from fewer than ${MIN_REPEATS} repeats)` : ''}.`
      : 'No speedups were paired in this run.',
    noisy
      ? `${noisy} measurement(s) ran while other processes loaded the machine (marked noisy when measured).`
      : 'No measurement was marked as taken under load.',
  ];
  return block(title, {
    paragraphs,
    tables: [
      makeTable(
        `${tag}-noise`,
        'Spread of repeats per configuration',
        [
          ['point', 'configuration', 'text'],
          ...FPS_COLUMNS,
          ['spread', 'spread (max − min) / median', 'share'],
          ...CI_COLUMNS,
          ['noisy_repeats', 'repeats under load', 'int'],
          ['loadavg_1m', 'load average (1 min)', 'number'],
          ['other_cpu', 'other processes’ CPU', 'share'],
        ],
        rows,
      ),
    ],
  });
}

const repeatOf = (cellId: string): number | null => {
  const m = /\|r(\d+)$/.exec(cellId);
  return m ? Number(m[1]) : null;
};

/** Every measurement as stored: one row per results.jsonl line (or imported result). */
export function measurementsBlock(input: RunInput, tag: string, title: string | null): ReportBlock {
  const rows: CellValue[][] = [];
  const row = (
    cell: string,
    status: string,
    repeat: number | null,
    r: BenchResult | undefined,
    reason: string | null,
    finished: string | null,
  ): CellValue[] => [
    cell,
    status,
    r ? (r.model.variant ?? '(none)') : null,
    r?.engine ?? null,
    r?.config.streams ?? null,
    r?.config.threads ?? null,
    r?.config.seq ?? null,
    r?.config.batch ?? null,
    repeat,
    r?.throughput_fps ?? null,
    r?.latency_ms.min ?? null,
    r?.latency_ms.median ?? null,
    r?.latency_ms.avg ?? null,
    r?.latency_ms.p90 ?? null,
    r?.latency_ms.p99 ?? null,
    r?.latency_ms.max ?? null,
    r?.count ?? null,
    r?.duration_ms ?? null,
    r?.load?.noisy ?? null,
    finished ?? r?.timestamp ?? null,
    reason,
  ];
  if (input.kind === 'sweep')
    for (const l of input.lines)
      rows.push(
        row(l.cell_id, l.status, repeatOf(l.cell_id), l.result, l.reason ?? null, l.finished_at),
      );
  else input.results.forEach((r, i) => rows.push(row(`#${i + 1}`, 'ok', null, r, null, null)));
  return block(title, {
    tables: [
      withoutEmptyColumns(
        makeTable(
          `${tag}-measurements`,
          'Every measurement',
          [
            ['cell', 'cell', 'text'],
            ['status', 'status', 'text'],
            ...KEY_COLUMNS,
            ['repeat', 'repeat', 'int'],
            ['throughput_fps', 'FPS', 'fps'],
            ['latency_min_ms', 'min (ms)', 'ms'],
            ['latency_median_ms', 'median (ms)', 'ms'],
            ['latency_avg_ms', 'avg (ms)', 'ms'],
            ['latency_p90_ms', 'p90 (ms)', 'ms'],
            ['latency_p99_ms', 'p99 (ms)', 'ms'],
            ['latency_max_ms', 'max (ms)', 'ms'],
            ['count', 'iterations', 'int'],
            ['duration_ms', 'duration (ms)', 'ms'],
            ['noisy', 'under load', 'bool'],
            ['finished_at', 'finished', 'text'],
            ['reason', 'failure', 'text'],
          ],
          rows,
          input.kind === 'sweep'
            ? 'One row per line of results.jsonl, in the order the cells ran.'
            : 'One row per imported result, in file order.',
        ),
        ['reason', 'noisy'],
      ),
    ],
  });
}

/** The configuration as run: the sweep config's keys, its variants; for imports, the distinct configs. */
export function configsBlock(input: RunInput, tag: string, title: string | null): ReportBlock {
  if (input.kind === 'sweep') {
    const { variants, ...rest } = input.config;
    return block(title, {
      tables: [
        makeTable(
          `${tag}-config`,
          'Sweep configuration',
          [
            ['key', 'key', 'text'],
            ['value', 'value', 'text'],
          ],
          Object.entries(rest).map(([k, v]) => [k, JSON.stringify(v)]),
        ),
        makeTable(
          `${tag}-variants`,
          'Variants',
          [
            ['label', 'label', 'text'],
            ['model', 'model', 'text'],
            ['overrides', 'overrides', 'text'],
          ],
          variants.map((v) => [v.label, v.model, v.overrides ? JSON.stringify(v.overrides) : null]),
        ),
      ],
    });
  }
  const seen = new Map<string, { r: BenchResult; n: number }>();
  for (const r of input.results) {
    const key = JSON.stringify([r.engine, r.model.variant, r.config]);
    const s = seen.get(key);
    if (s) s.n++;
    else seen.set(key, { r, n: 1 });
  }
  return block(title, {
    tables: [
      makeTable(
        `${tag}-config`,
        'Configurations of the imported results',
        [
          ['engine', 'engine', 'text'],
          ['variant', 'variant', 'text'],
          ['streams', 'streams', 'int'],
          ['threads', 'threads', 'int'],
          ['nireq', 'nireq', 'int'],
          ['api', 'api', 'text'],
          ['batch', 'batch', 'int'],
          ['seq', 'seq', 'int'],
          ['sparse_rate', 'sparse rate', 'number'],
          ['time_s', 'time (s)', 'number'],
          ['niter', 'iterations', 'int'],
          ['results', 'results', 'int'],
        ],
        [...seen.values()].map(({ r, n }) => [
          r.engine,
          r.model.variant,
          r.config.streams,
          r.config.threads,
          r.config.nireq,
          r.config.api,
          r.config.batch,
          r.config.seq,
          r.config.sparse_rate,
          r.config.time_s,
          r.config.niter,
          n,
        ]),
      ),
    ],
  });
}
