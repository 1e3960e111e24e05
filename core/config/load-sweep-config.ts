import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { UserError } from '../api/errors';
import { sweepConfigSchema, type SweepConfig } from '../api/schemas/sweep-config';

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
    throw new UserError('BadConfig', `${file}, ${where}: expected valid JSON`, msg);
  }
}

/**
 * Validate a parsed sweep config. `baseDir` resolves relative model paths; the result holds
 * absolute paths. Throws UserError('BadConfig') naming the file, JSON path and expectation.
 */
export function parseSweepConfig(doc: unknown, file: string, baseDir: string): SweepConfig {
  const parsed = sweepConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => describeIssue(i, doc));
    const first = issues[0]!;
    throw new UserError(
      'BadConfig',
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
        'BadConfig',
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
      'BadConfig',
      `${file}: cannot read the sweep config (${code === 'ENOENT' ? 'it does not exist' : (err as Error).message}).`,
    );
  }
  return parseSweepConfig(parseJson(text, file), file, path.dirname(path.resolve(file)));
}
