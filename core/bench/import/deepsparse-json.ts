import type { BenchResult } from '../../api/schemas/bench-result';
import {
  blankResult,
  checkResult,
  importError,
  isRecord,
  numberOf,
  parseJsonText,
} from './import-common';
import type { ImportContext, ResultImporter } from './result-importer';

/**
 * DeepSparse's `deepsparse.benchmark MODEL --export_path FILE.json`: the run's settings at the
 * top level (engine, version, orig_model_path, batch_size, input_shapes, num_cores, scenario,
 * seconds_to_run, num_streams …) and the figures under "benchmark_result" (items_per_sec,
 * seconds_ran, iterations, median, mean, std and percentiles keyed "90.0%", "99.0%" …,
 * latencies in ms per batch). Some versions nest the settings under "config"; both are read.
 */

function pick(doc: Record<string, unknown>, key: string): unknown {
  if (doc[key] !== undefined) return doc[key];
  const config = doc.config;
  return isRecord(config) ? config[key] : undefined;
}

function parseDoc(doc: Record<string, unknown>, ctx: ImportContext): BenchResult {
  const bench = doc.benchmark_result;
  if (!isRecord(bench))
    throw importError(ctx, 'benchmark_result', "an object with the run's figures");

  const engineText = typeof doc.engine === 'string' ? doc.engine : '';
  const onOrt = /onnxruntime|ORTEngine/i.test(engineText);
  const r = blankResult('deepsparse', onOrt ? 'onnxruntime' : 'deepsparse', ctx);
  if (typeof doc.version === 'string') r.engine_version = doc.version;
  if (onOrt)
    r.notes.push(
      `run by deepsparse.benchmark ${r.engine_version ?? ''} on its onnxruntime engine; engine_version is DeepSparse's`.replace(
        '  ',
        ' ',
      ),
    );

  const num = (value: unknown, place: string, what: string, required = false): number | null => {
    if (value === undefined || value === null) {
      if (required) throw importError(ctx, place, `a number for ${what}`, 'it is missing');
      return null;
    }
    const n = numberOf(value);
    if (n === null)
      throw importError(ctx, place, `a number for ${what}`, `got ${JSON.stringify(value)}`);
    return n;
  };
  const count = (value: unknown, place: string, what: string): number | null => {
    const n = num(value, place, what);
    if (n === null || n === 0) return null; // null/0 = "not set, DeepSparse chose"
    if (!Number.isInteger(n) || n < 0)
      throw importError(ctx, place, `a whole number for ${what}`, `got ${JSON.stringify(value)}`);
    return n;
  };

  const path = pick(doc, 'orig_model_path') ?? pick(doc, 'model_path');
  if (typeof path === 'string') r.model.path = path;
  r.config.batch = count(pick(doc, 'batch_size'), 'batch_size', 'the batch size');
  r.config.streams = count(pick(doc, 'num_streams'), 'num_streams', 'the number of streams');
  r.config.threads = count(pick(doc, 'num_cores'), 'num_cores', 'the number of cores');
  // num_cores null means "all physical cores"; the engine's description states how many.
  const fromEngine = (field: string): number | null => {
    const m = new RegExp(`^\\s*${field}:\\s*(\\d+)\\s*$`, 'm').exec(engineText);
    return m && Number(m[1]) > 0 ? Number(m[1]) : null;
  };
  r.config.threads ??= fromEngine('num_cores');
  r.config.streams ??= fromEngine('num_streams');
  r.config.batch ??= fromEngine('batch_size');
  if (r.config.threads !== null)
    r.notes.push("threads is DeepSparse's num_cores (physical cores it runs on)");
  const seconds = num(pick(doc, 'seconds_to_run'), 'seconds_to_run', 'the run time');
  r.config.time_s = seconds !== null && seconds > 0 ? seconds : null;
  const warmup = pick(doc, 'warmup_time');
  if (warmup !== undefined && warmup !== null)
    r.notes.push(
      `warm-up: ${String(warmup)} s (DeepSparse warms up for a time, not for iterations)`,
    );

  const scenario = String(pick(doc, 'scenario') ?? bench.scenario ?? '').toLowerCase();
  if (['multistream', 'async', 'elastic'].includes(scenario)) r.config.api = 'async';
  else if (['singlestream', 'sync'].includes(scenario)) r.config.api = 'sync';
  if (scenario) r.notes.push(`scenario: ${scenario}`);

  const seqLen = count(pick(doc, 'sequence_length'), 'sequence_length', 'the sequence length');
  const shapesText = pick(doc, 'input_shapes');
  if (seqLen !== null) r.config.seq = seqLen;
  else if (typeof shapesText === 'string' && shapesText.trim() !== '') {
    // "[1,128],[1,128]": unnamed, so only the common sequence length can be stated.
    const lists = [...shapesText.matchAll(/\[([^\]]*)\]/g)].map((m) =>
      m[1]!.split(',').map((d) => Number(d.trim())),
    );
    const seqs = new Set(lists.filter((d) => d.length === 2).map((d) => d[1]!));
    if (seqs.size === 1) r.config.seq = [...seqs][0]! || null;
    r.notes.push(`input shapes: ${shapesText}`);
  }

  r.throughput_fps = num(
    bench.items_per_sec,
    'benchmark_result.items_per_sec',
    'the throughput',
    true,
  )!;
  const iterations = num(bench.iterations, 'benchmark_result.iterations', 'the iteration count');
  if (iterations !== null && (!Number.isInteger(iterations) || iterations < 0))
    throw importError(
      ctx,
      'benchmark_result.iterations',
      'a whole number',
      `got ${JSON.stringify(bench.iterations)}`,
    );
  r.count = iterations;
  const ran = num(bench.seconds_ran, 'benchmark_result.seconds_ran', 'the measured time');
  r.duration_ms = ran === null ? null : ran * 1000;
  r.latency_ms.median = num(bench.median, 'benchmark_result.median', 'the median latency');
  r.latency_ms.avg = num(bench.mean, 'benchmark_result.mean', 'the mean latency');
  r.latency_ms.p90 = num(
    bench['90.0%'],
    'benchmark_result["90.0%"]',
    'the 90th percentile latency',
  );
  r.latency_ms.p99 = num(
    bench['99.0%'],
    'benchmark_result["99.0%"]',
    'the 99th percentile latency',
  );
  const supported = numberOf(pick(doc, 'fraction_of_supported_ops'));
  if (supported !== null) r.notes.push(`fraction of supported ops: ${supported}`);
  const std = num(bench.std, 'benchmark_result.std', 'the latency standard deviation');
  if (std !== null) r.notes.push(`latency std: ${std} ms`);
  r.notes.push('latencies are per batch; DeepSparse reports no min/max latency');
  return checkResult(r, ctx, 'benchmark_result');
}

export const deepsparseJsonImporter: ResultImporter = {
  id: 'deepsparse-json',
  label: 'DeepSparse deepsparse.benchmark --export_path JSON',
  extensions: ['.json'],
  sniff(head) {
    if (!/^\s*[[{]/.test(head)) return 'not JSON';
    if (/"benchmark_result"\s*:/.test(head) || /"items_per_sec"\s*:/.test(head)) return true;
    return 'no "benchmark_result" / "items_per_sec" fields';
  },
  parse(text, ctx) {
    const doc = parseJsonText(text, ctx);
    // One export is an object; a list of exports (several runs collected) is accepted too.
    if (Array.isArray(doc)) {
      return doc.map((d, i) => {
        if (!isRecord(d)) throw importError(ctx, `[${i}]`, 'an exported benchmark object');
        return parseDoc(d, { ...ctx, fileName: `${ctx.fileName} [${i}]` });
      });
    }
    if (!isRecord(doc)) throw importError(ctx, 'top level', 'a JSON object');
    return [parseDoc(doc, ctx)];
  },
};
