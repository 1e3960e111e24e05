import type { ResultLine, SweepCell, SweepMeta } from '../../api/schemas/sweep-files';
import type { PointSummary, Speedup, SweepSummary } from '../../api/sweep-summary';
import { pointId } from '../../views/point-key';
import { MIN_REPEATS, ratioInterval } from '../../views/noise';
import { computeSpeedups, median, type RepeatedResult } from '../../views/speedup';
import { resultsByCell } from './sweep-store';
import { formatTable } from './text-table';

/** Summarise a sweep's recorded lines: per-point median + spread, failures, speedups. */
export function summarizeSweep(meta: SweepMeta, lines: readonly ResultLine[]): SweepSummary {
  const byId = new Map(meta.plan.cells.map((c) => [c.id, c]));
  const points = new Map<
    string,
    {
      cell: SweepCell;
      fps: number[];
      lat: number[];
      ok: number;
      failed: number;
      noisy: number;
      reasons: Set<string>;
    }
  >();
  for (const c of meta.plan.cells) {
    const id = pointId(c);
    if (!points.has(id))
      points.set(id, { cell: c, fps: [], lat: [], ok: 0, failed: 0, noisy: 0, reasons: new Set() });
  }
  const repeated: RepeatedResult[] = [];
  let recorded = 0;
  let failed = 0;
  for (const line of resultsByCell(lines).values()) {
    const cell = byId.get(line.cell_id);
    if (!cell) continue;
    recorded++;
    const p = points.get(pointId(cell))!;
    if (line.status === 'ok' && line.result) {
      p.ok++;
      if (line.result.load?.noisy) p.noisy++;
      p.fps.push(line.result.throughput_fps);
      if (line.result.latency_ms.median !== null) p.lat.push(line.result.latency_ms.median);
      repeated.push({ result: line.result, repeat: cell.repeat });
    } else {
      p.failed++;
      failed++;
      p.reasons.add(line.reason ?? 'no reason recorded');
    }
  }

  const summaries: PointSummary[] = [...points.entries()].map(([point, p]) => {
    const { id: _id, repeat: _repeat, ...cell } = p.cell;
    return {
      point,
      cell,
      ok: p.ok,
      failed: p.failed,
      medianFps: p.fps.length ? median(p.fps) : null,
      fpsCi: ratioInterval(p.fps.filter((f) => f > 0)),
      noisy: p.noisy,
      minFps: p.fps.length ? Math.min(...p.fps) : null,
      maxFps: p.fps.length ? Math.max(...p.fps) : null,
      medianLatencyMs: p.lat.length ? median(p.lat) : null,
      reasons: [...p.reasons],
    };
  });

  const variants = meta.config.variants.map((v) => v.label);
  const engines = meta.config.engines;
  const engineBase = engines.includes('ort') ? 'ort' : engines[0]!;
  return {
    points: summaries,
    skipped: meta.plan.skipped,
    variantSpeedups: variants.length > 1 ? computeSpeedups(repeated, 'variant', variants[0]!) : [],
    engineSpeedups: engines.length > 1 ? computeSpeedups(repeated, 'engine', engineBase) : [],
    planned: meta.plan.cells.length,
    recorded,
    failed,
  };
}

const f = (v: number | null, d = 2) => (v === null ? '-' : v.toFixed(d));

function speedupTable(title: string, rows: Speedup[]): string[] {
  if (rows.length === 0) return [];
  return [
    '',
    title,
    formatTable(
      ['config', 'speedup', '95% CI', 'verdict', 'repeats', `fps`, 'baseline fps'],
      rows.map((s) => [
        `${s.subject} over ${s.baseline} @ ${s.id}`,
        `${f(s.speedup, 3)}×`,
        s.ci ? `${f(s.ci.low, 3)}–${f(s.ci.high, 3)}` : 'unknown',
        s.within_noise
          ? s.pairs < MIN_REPEATS
            ? `noise? (<${MIN_REPEATS} repeats)`
            : 'within noise'
          : 'real',
        String(s.pairs),
        f(s.subjectFps),
        f(s.baselineFps),
      ]),
    ),
  ];
}

/** The end-of-sweep report for people. */
export function formatSweepSummary(s: SweepSummary): string {
  const out = [
    `${s.recorded}/${s.planned} cells recorded, ${s.failed} failed${s.skipped.length ? `, ${s.skipped.length} grid points skipped` : ''}.`,
    '',
    formatTable(
      ['point', 'ok', 'failed', 'noisy', 'median fps', 'min fps', 'max fps', 'median lat ms'],
      s.points.map((p) => [
        p.point,
        String(p.ok),
        String(p.failed),
        String(p.noisy),
        f(p.medianFps),
        f(p.minFps),
        f(p.maxFps),
        f(p.medianLatencyMs),
      ]),
    ),
    ...speedupTable(
      'Speedup by variant (median of per-repeat ratios; 95% CI: Student t on paired log-ratios):',
      s.variantSpeedups,
    ),
    ...speedupTable(
      'Speedup by engine (median of per-repeat ratios; 95% CI: Student t on paired log-ratios):',
      s.engineSpeedups,
    ),
  ];
  const noisy = s.points.reduce((n, p) => n + p.noisy, 0);
  if (noisy > 0) {
    out.push(
      '',
      `${noisy} cell${noisy === 1 ? ' was' : 's were'} measured while other processes loaded the machine; run them again with \`sparsescope sweep --resume DIR --rerun-noisy\`.`,
    );
  }
  const failures = s.points.filter((p) => p.failed > 0);
  if (failures.length) {
    out.push('', 'Failed:');
    for (const p of failures) for (const r of p.reasons) out.push(`  ${p.point}: ${r}`);
  }
  if (s.skipped.length) {
    out.push('', 'Skipped:');
    for (const k of s.skipped) out.push(`  ${k.id}: ${k.reason}`);
  }
  return out.join('\n') + '\n';
}
