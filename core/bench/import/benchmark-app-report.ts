import type { BenchResult } from '../../api/schemas/bench-result';
import {
  blankResult,
  checkResult,
  importError,
  numberOf,
  parseShapeList,
  seqFromShapes,
} from './import-common';
import type { ImportContext } from './result-importer';

/**
 * benchmark_app's statistics report, shared by its two spellings: benchmark_report.csv
 * (`-report_type …`, ";"-separated sections, keys are the "csv names" such as
 * "total execution time (ms)") and benchmark_report.json (`-json_stats`, keys are the
 * "json names" such as "execution_time"). Both come from StatisticsReport in benchmark_app;
 * the C++ and Python builds differ slightly in key spelling ("Median latency (ms)" vs
 * "latency (ms)"), so every known spelling is listed here.
 */

export type ReportSection = 'cmd' | 'config' | 'exec';

export interface ReportEntry {
  section: ReportSection;
  /** The key as written; matched case-insensitively. */
  key: string;
  value: unknown;
  /** Where the entry is, for messages: "line 12" or "execution_results.throughput". */
  place: string;
}

const LOAD_KEYS = new Set([
  'compile model time (ms)',
  'load_model_time',
  'import model time (ms)',
  'import_model_time',
  'load network time (ms)',
  'load_network_time',
]);

/** Build one result from a report's entries; throws when the run did not finish. */
export function resultFromReport(
  entries: ReportEntry[],
  ctx: ImportContext,
  whole: string,
): BenchResult {
  const r = blankResult('benchmark_app', 'openvino', ctx);
  let throughputSeen = false;
  let headline: { value: number; place: string } | null = null;
  let boundary = 50;
  let cmdBatch: number | null = null;
  let cmdStreams: number | null = null;

  const num = (e: ReportEntry, what: string): number => {
    const n = numberOf(e.value);
    if (n === null)
      throw importError(ctx, e.place, `a number for ${what}`, `got ${JSON.stringify(e.value)}`);
    return n;
  };
  const posInt = (e: ReportEntry, what: string): number | null => {
    const n = num(e, what);
    if (n === 0) return null; // benchmark_app writes 0 for "not set" (niter, duration, nthreads)
    if (!Number.isInteger(n) || n < 0)
      throw importError(
        ctx,
        e.place,
        `a whole number for ${what}`,
        `got ${JSON.stringify(e.value)}`,
      );
    return n;
  };
  const text = (e: ReportEntry) => String(e.value).trim();

  for (const e of entries) {
    // The Python build writes command-line keys with their dash ("-m"), the C++ build without.
    const key = e.key.trim().toLowerCase().replace(/^-+/, '');
    let m: RegExpExecArray | null;
    if (e.section === 'cmd') {
      if (key === 'm') r.model.path = text(e);
      else if (key === 'shape') r.config.shapes = parseShapeList(text(e));
      else if (key === 'b') cmdBatch = posInt(e, 'the -b batch size');
      else if (key === 'nthreads') r.config.threads = posInt(e, '-nthreads');
      else if (key === 'nstreams') {
        // "-nstreams 4" or per device "CPU:4"; only a single plain count is a stream count.
        const v = numberOf(text(e).replace(/^[A-Z]+:/, ''));
        if (v !== null && Number.isInteger(v) && v > 0) cmdStreams = v;
      } else if (key === 'hint') r.notes.push(`-hint ${text(e)}`);
      else if (key === 'load_config')
        r.notes.push(`-load_config ${text(e)} (its contents are not in the report)`);
      else if (key === 'd') r.notes.push(`device: ${text(e)}`);
      continue;
    }
    if (e.section === 'config') {
      if (key === 'api') {
        const v = text(e).toLowerCase();
        if (v !== 'async' && v !== 'sync')
          throw importError(
            ctx,
            e.place,
            'API "async" or "sync"',
            `got ${JSON.stringify(e.value)}`,
          );
        r.config.api = v;
      } else if (key === 'batch size' || key === 'batch_size')
        r.config.batch = posInt(e, 'the batch size');
      else if (key === 'number of iterations' || key === 'iterations_num')
        r.config.niter = posInt(e, 'the number of iterations');
      else if (key === 'number of parallel infer requests' || key === 'nireq')
        r.config.nireq = posInt(e, 'nireq');
      else if (key === 'duration (ms)' || key === 'duration') {
        const ms = num(e, 'the duration limit');
        r.config.time_s = ms > 0 ? ms / 1000 : null;
      } else if (
        (m = /^number of (.+) streams$/.exec(key)) ||
        (m = /^(.+)_streams_num$/.exec(key))
      ) {
        const v = posInt(e, `the number of ${m[1]} streams`);
        if (r.config.streams === null) r.config.streams = v;
        else r.notes.push(`streams on ${m[1]}: ${String(e.value)}`);
      } else if (
        [
          'topology',
          'target device',
          'target_device',
          'precision',
          'benchmark mode',
          'benchmark_mode',
          'inference_only',
        ].includes(key)
      )
        r.notes.push(`${key.replace(/_/g, ' ')}: ${text(e)}`);
      continue;
    }
    // Execution results.
    if (key === 'error')
      throw importError(
        ctx,
        e.place,
        'a finished run',
        `benchmark_app reported an error: ${text(e)}`,
      );
    if (LOAD_KEYS.has(key)) r.load_ms = num(e, 'the model compile time');
    else if (key === 'read model time (ms)' || key === 'read_model_time')
      r.notes.push(`read model took ${num(e, 'the read time')} ms`);
    else if (key === 'reshape model time (ms)' || key === 'reshape_model_time')
      r.notes.push(`reshape model took ${num(e, 'the reshape time')} ms`);
    else if (key === 'first inference time (ms)' || key === 'first_inference_time')
      r.first_inference_ms = num(e, 'the first inference time');
    else if (key === 'total execution time (ms)' || key === 'execution_time')
      r.duration_ms = num(e, 'the total execution time');
    else if (key === 'total number of iterations' || key === 'iterations_num') {
      const n = num(e, 'the number of iterations');
      if (!Number.isInteger(n) || n < 0)
        throw importError(
          ctx,
          e.place,
          'a whole number of iterations',
          `got ${JSON.stringify(e.value)}`,
        );
      r.count = n;
    } else if (key === 'median latency (ms)' || key === 'latency (ms)' || key === 'latency_median')
      headline = { value: num(e, 'the latency'), place: e.place };
    else if ((m = /^latency \((\d+) percentile\) \(ms\)$/.exec(key))) {
      headline = { value: num(e, 'the latency'), place: e.place };
      boundary = Number(m[1]);
    } else if (key === 'percentile boundary' || key === 'percentile_boundary')
      boundary = num(e, 'the percentile boundary');
    else if (key === 'average latency (ms)' || key === 'avg latency' || key === 'latency_avg')
      r.latency_ms.avg = num(e, 'the average latency');
    else if (key === 'min latency (ms)' || key === 'min latency' || key === 'latency_min')
      r.latency_ms.min = num(e, 'the min latency');
    else if (key === 'max latency (ms)' || key === 'max latency' || key === 'latency_max')
      r.latency_ms.max = num(e, 'the max latency');
    else if (key === 'throughput') {
      r.throughput_fps = num(e, 'the throughput');
      throughputSeen = true;
    }
  }

  if (!throughputSeen)
    throw importError(
      ctx,
      whole,
      'a "throughput" entry in the execution results: the run did not finish',
    );
  // benchmark_app reports one headline latency: the median, or the -latency_percentile asked for.
  if (headline) {
    if (boundary === 50) r.latency_ms.median = headline.value;
    else if (boundary === 90) r.latency_ms.p90 = headline.value;
    else if (boundary === 99) r.latency_ms.p99 = headline.value;
    else r.notes.push(`latency ${boundary} percentile: ${headline.value} ms`);
  }
  if (r.config.batch === null) r.config.batch = cmdBatch;
  if (r.config.streams === null) r.config.streams = cmdStreams;
  r.config.seq = seqFromShapes(r.config.shapes);
  return checkResult(r, ctx, whole);
}
