import { UserError } from '../../api/errors';
import { readJson } from '../../util/json-reader';
import {
  BENCH_RESULT_SCHEMA_VERSION,
  benchResultSchema,
  type BenchResult,
} from '../../api/schemas/bench-result';
import type { BenchSource } from '../../api/names';
import type { ImportContext } from './result-importer';

/** The error every importer throws: file, place, what was expected. */
export function importError(
  ctx: ImportContext,
  place: string,
  expected: string,
  detail?: string,
): UserError {
  return new UserError('BadResults', `${ctx.fileName}, ${place}: expected ${expected}`, detail);
}

/** A result with every figure absent; importers fill in what their source reports. */
export function blankResult(source: BenchSource, engine: string, ctx: ImportContext): BenchResult {
  return {
    schema_version: BENCH_RESULT_SCHEMA_VERSION,
    source,
    engine,
    engine_version: null,
    sparsescope_version: null,
    model: { path: null, sha256: null, variant: null },
    config: {
      streams: null,
      threads: null,
      nireq: null,
      api: null,
      batch: null,
      seq: null,
      shapes: null,
      sparse_rate: null,
      time_s: null,
      niter: null,
      warmup: null,
    },
    count: null,
    duration_ms: null,
    throughput_fps: 0,
    latency_ms: { min: null, median: null, avg: null, p90: null, p99: null, max: null },
    first_inference_ms: null,
    load_ms: null,
    peak_rss_mb: null,
    machine: null,
    timestamp: ctx.fallbackTimestamp,
    notes: [`timestamp is the file's modification time: ${source} output records none`],
  };
}

/**
 * Check a finished import against the result schema, so a figure that is out of range in the
 * source (negative, not an integer where one is required) is reported, not stored.
 */
export function checkResult(result: BenchResult, ctx: ImportContext, place: string): BenchResult {
  const checked = benchResultSchema.safeParse(result);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  throw importError(
    ctx,
    place,
    `${issue.path.join('.')} to be valid (${issue.message})`,
    `got ${JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], result))}`,
  );
}

/** A decimal number as printed ("26.14", "60051.840000", "1e3"); null when it is not one. */
export function parseDecimal(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A positive integer as printed ("4", "4.0"); null when it is not one. */
export function parsePositiveInt(text: string | undefined): number | null {
  const n = parseDecimal(text);
  return n !== null && Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * benchmark_app's shape syntax, "input_ids[1,64],attention_mask[1,64]" (also with spaces or
 * quotes): name → dims. null when any dimension is dynamic ("?", "-1", ranges) or the text
 * does not follow the syntax, because a shape we cannot state exactly is not a shape.
 */
export function parseShapeList(text: string): Record<string, number[]> | null {
  const out: Record<string, number[]> = {};
  const re = /['"]?([^\s'",[\]:]+)['"]?\s*:?\s*\[([^\]]*)\]/g;
  let matched = 0;
  for (const m of text.matchAll(re)) {
    const dims = m[2]!.split(',').map((d) => d.trim());
    if (!dims.every((d) => /^\d+$/.test(d))) return null;
    out[m[1]!] = dims.map(Number);
    matched++;
  }
  return matched > 0 ? out : null;
}

/**
 * The sequence length when every 2-D input is [batch, seq] with one common seq (how a
 * transformer's input_ids/attention_mask/token_type_ids look); null otherwise.
 */
export function seqFromShapes(shapes: Record<string, number[]> | null): number | null {
  if (!shapes) return null;
  const seqs = new Set<number>();
  for (const dims of Object.values(shapes)) if (dims.length === 2) seqs.add(dims[1]!);
  return seqs.size === 1 ? [...seqs][0]! || null : null;
}

/** Parse JSON text, naming the file and the line/column of a syntax error. */
export function parseJsonText(text: string, ctx: ImportContext): unknown {
  return readJson(text, { source: ctx.fileName, kind: 'BadResults' });
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value that may be a number or a numeric string (benchmark_app writes both). */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return parseDecimal(v);
  return null;
}
