import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../api/errors';

/**
 * A sweep configuration: the grid of benchmark cells to run (DESIGN.md, "Benchmark semantics"
 * and sweep storage). JSON, version 1:
 *
 *   { "version": 1, "name": "dense vs sparse",
 *     "variants": [{ "label": "dense", "model": "dense.onnx" },
 *                  { "label": "sparse", "model": "sparse.onnx", "overrides": { "sparse_rate": 0.75 } }],
 *     "engines": ["ort"], "streams": [1, 2], "threads": [1, 2], "seq": [64], "batch": [1],
 *     "niter": 50, "warmup": 2, "repeats": 3, "cell_timeout_s": 120 }
 *
 * Model paths are relative to the config file. Exactly one of time_s / niter gives each
 * cell's run length. `sparse_rate` applies to every variant unless a variant overrides it.
 */

export const SWEEP_CONFIG_VERSION = 1;

/** Labels end up in cell ids ("dense|ort|s2|t2|seq64|b1|r0"), so no "|" or spaces. */
const label = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/,
    'a label of letters, digits, ".", "_", "+", "-" (1–64 characters, starting with a letter or digit)',
  );

const positiveInt = z.number().int().positive();
const sparseRate = z.number().min(0).max(1).nullable();

function uniqueList<T extends z.ZodType<number | string>>(item: T, what: string) {
  return z
    .array(item)
    .min(1, `at least one ${what}`)
    .refine((xs) => new Set(xs).size === xs.length, `${what} values without duplicates`);
}

export const sweepVariantSchema = z.strictObject({
  label,
  /** Model file, relative to the config file (absolute after loading). */
  model: z.string().min(1),
  /** Engine settings that differ for this variant. */
  overrides: z
    .strictObject({
      sparse_rate: sparseRate.optional(),
      graph_optimization: z.enum(['disabled', 'basic', 'extended', 'all']).optional(),
    })
    .optional(),
});
export type SweepVariant = z.infer<typeof sweepVariantSchema>;

export const sweepConfigSchema = z
  .strictObject({
    version: z.literal(SWEEP_CONFIG_VERSION),
    name: z.string().max(200).optional(),
    variants: z
      .array(sweepVariantSchema)
      .min(1, 'at least one variant')
      .refine(
        (vs) => new Set(vs.map((v) => v.label)).size === vs.length,
        'variant labels without duplicates',
      ),
    engines: uniqueList(z.enum(['ort', 'builtin']), 'engine'),
    streams: uniqueList(positiveInt, 'stream count'),
    threads: uniqueList(positiveInt, 'thread count'),
    seq: uniqueList(positiveInt, 'sequence length'),
    batch: uniqueList(positiveInt, 'batch size'),
    time_s: z.number().positive().optional(),
    niter: positiveInt.optional(),
    warmup: z.number().int().nonnegative().optional(),
    repeats: positiveInt.default(1),
    api: z.enum(['async', 'sync']).optional(),
    sparse_rate: sparseRate.optional(),
    cell_timeout_s: z.number().positive().optional(),
  })
  .refine((c) => (c.time_s === undefined) !== (c.niter === undefined), {
    message: 'exactly one of "time_s" or "niter" (the run length of every cell)',
    path: ['time_s'],
  });
export type SweepConfig = z.infer<typeof sweepConfigSchema>;

/** A JSON path for messages: variants[1].model. */
export function jsonPath(p: readonly PropertyKey[]): string {
  if (p.length === 0) return '(top level)';
  return p
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`))
    .join('');
}

/** Turn a zod issue into "what was expected", with the value found when there is one. */
function describeIssue(
  issue: z.core.$ZodIssue,
  doc: unknown,
): { place: string; expected: string; got: string | undefined } {
  let value: unknown = doc;
  for (const k of issue.path)
    value =
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k] : undefined;
  if (issue.code === 'unrecognized_keys') {
    return {
      place: jsonPath(issue.path),
      expected: `no other fields (unknown: ${issue.keys.map((k) => `"${k}"`).join(', ')})`,
      got: undefined,
    };
  }
  const got = value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 80);
  return {
    place: jsonPath(issue.path),
    expected: issue.message.replace(/^Invalid input: expected /, ''),
    got,
  };
}

/**
 * Where JSON.parse gave up: the message's "position N" when it has one, else the shortest
 * prefix whose error is no longer "the input ended early" (V8 omits positions for some errors).
 */
function jsonErrorOffset(text: string, message: string): number | null {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const endedEarly = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return true;
    } catch (err) {
      // Ended early: no position, or the error sits at the very end of the prefix.
      const m = /position (\d+)/.exec((err as Error).message);
      return m ? Number(m[1]) >= k : /end of JSON input|Unterminated/i.test((err as Error).message);
    }
  };
  let lo = 0;
  let hi = text.length;
  if (endedEarly(hi)) return null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (endedEarly(mid)) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

/** JSON.parse with the line and column of a syntax error. */
function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const at = jsonErrorOffset(text, msg);
    let where = 'JSON syntax';
    if (at !== null) {
      const upTo = text.slice(0, at);
      const line = upTo.split('\n').length;
      where = `line ${line}, column ${at - upTo.lastIndexOf('\n')}`;
    }
    throw new UserError('BadSweepConfig', `${file}, ${where}: expected valid JSON`, msg);
  }
}

/**
 * Validate a parsed sweep config. `baseDir` resolves relative model paths; the result holds
 * absolute paths. Throws UserError('BadSweepConfig') naming the file, JSON path and expectation.
 */
export function parseSweepConfig(doc: unknown, file: string, baseDir: string): SweepConfig {
  const parsed = sweepConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => describeIssue(i, doc));
    const first = issues[0]!;
    throw new UserError(
      'BadSweepConfig',
      `${file}, at ${first.place}: expected ${first.expected}${first.got !== undefined ? `, got ${first.got}` : ''}`,
      issues.length > 1
        ? issues
            .slice(1)
            .map((i) => `at ${i.place}: expected ${i.expected}`)
            .join('\n  ')
        : undefined,
    );
  }
  const config = parsed.data;
  config.variants.forEach((v, i) => {
    const abs = path.resolve(baseDir, v.model);
    if (!existsSync(abs) || !statSync(abs).isFile()) {
      throw new UserError(
        'BadSweepConfig',
        `${file}, at variants[${i}].model: expected a model file (relative to the config file), got "${v.model}"`,
        `${abs} does not exist or is not a file`,
      );
    }
    v.model = abs;
  });
  return config;
}

/** Read, parse and validate a sweep config file. */
export function loadSweepConfig(file: string): SweepConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      'BadSweepConfig',
      `${file}: cannot read the sweep config (${code === 'ENOENT' ? 'it does not exist' : (err as Error).message}).`,
    );
  }
  return parseSweepConfig(parseJson(text, file), file, path.dirname(path.resolve(file)));
}
