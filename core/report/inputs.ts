import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../api/errors';
import { benchResultSchema, type BenchResult } from '../api/schemas/bench-result';
import { profileFileSchema, type ProfileFile } from '../api/schemas/profile';
import type { SweepConfig } from '../api/schemas/sweep-config';
import type { ResultLine } from '../api/schemas/sweep-files';
import type { SweepSummary } from '../api/sweep-summary';
import { importResultFile } from '../bench/import/registry';
import { PROFILES_DIR, readMeta, readResults } from '../bench/sweep/sweep-store';
import { summarizeSweep } from '../bench/sweep/sweep-summary';
import { importProfileFile } from '../profile/importers/registry';
import { readJson } from '../util/json-reader';
import { readFileSafe } from '../util/safe-file';

/**
 * What a report is made from, already read and checked: a sweep (its config, stored lines
 * and summary), a set of results (one `bench --json` run, a workspace import, benchmark_app
 * or DeepSparse output) or a profile (measured or imported). The host builds these from its
 * libraries by id; the CLI reads them from paths with `readReportInput`.
 */
interface InputBase {
  name: string;
  /** The file or folder it was read from. */
  path: string | null;
  /** Its id in the workspace, when it came from one. */
  id: string | null;
}

export interface SweepInput extends InputBase {
  kind: 'sweep';
  config: SweepConfig;
  lines: ResultLine[];
  results: BenchResult[];
  summary: SweepSummary;
  /** Cell profiles stored beside results.jsonl (not reported; named in a note). */
  cellProfiles: number;
}

export interface ResultsInput extends InputBase {
  kind: 'results';
  results: BenchResult[];
  /** The files the results were read from. */
  files: string[];
}

export interface ProfileInput extends InputBase {
  kind: 'profile';
  profile: ProfileFile;
}

export type RunInput = SweepInput | ResultsInput;
export type ReportInput = RunInput | ProfileInput;

/** Results and JSON inputs are text files; a GiB is beyond any of them. */
const MAX_INPUT_BYTES = 2 ** 30;

/** Read a sweep folder (sweep.json + results.jsonl; a torn middle line is refused by the store). */
export function readSweepInput(dir: string): SweepInput {
  const meta = readMeta(dir);
  const { lines } = readResults(dir);
  const profilesDir = path.join(dir, PROFILES_DIR);
  return {
    kind: 'sweep',
    name: meta.name ?? meta.config.variants.map((v) => v.label).join(' vs '),
    path: path.resolve(dir),
    id: null,
    config: meta.config,
    lines,
    results: lines.flatMap((l) => (l.result ? [l.result] : [])),
    summary: summarizeSweep(meta, lines),
    cellProfiles: existsSync(profilesDir)
      ? readdirSync(profilesDir).filter((n) => n.endsWith('.json')).length
      : 0,
  };
}

/** SparseScope's own JSON files: a profile, a `bench --json` result (or a list of them), a workspace import. */
function ownJson(doc: unknown, file: string): ReportInput | null {
  const name = path.basename(file);
  const at = path.resolve(file);
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const kind = (doc as { kind?: unknown }).kind;
    if (kind === 'sparsescope-profile') {
      const parsed = profileFileSchema.safeParse(doc);
      if (!parsed.success) throw schemaError(file, 'a SparseScope profile', parsed.error.issues);
      return { kind: 'profile', name, path: at, id: null, profile: parsed.data };
    }
    if (kind === 'sparsescope-report')
      throw new UserError(
        'BadInput',
        `${file}: this is a report, not a run, a sweep or a profile; give the inputs it was made from.`,
      );
    if (kind === 'sparsescope-import') {
      const results = (doc as { results?: unknown }).results;
      return resultsInput(Array.isArray(results) ? results : [], file, 'results');
    }
  }
  const looksLikeResult = (d: unknown) =>
    !!d && typeof d === 'object' && 'throughput_fps' in d && 'schema_version' in d;
  if (looksLikeResult(doc)) return resultsInput([doc], file, '(top level)');
  if (Array.isArray(doc) && doc.length > 0 && doc.every(looksLikeResult))
    return resultsInput(doc, file, '');
  return null;
}

function resultsInput(docs: unknown[], file: string, place: string): ResultsInput {
  const results = docs.map((d, i) => {
    const parsed = benchResultSchema.safeParse(d);
    if (!parsed.success)
      throw schemaError(file, 'a SparseScope result', parsed.error.issues, place || `[${i}]`);
    return parsed.data;
  });
  if (results.length === 0)
    throw new UserError('BadInput', `${file}: holds no results; expected at least one.`);
  return {
    kind: 'results',
    name: path.basename(file),
    path: path.resolve(file),
    id: null,
    results,
    files: [path.resolve(file)],
  };
}

function schemaError(
  file: string,
  what: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
  prefix = '',
): UserError {
  const i = issues[0]!;
  const where = [prefix, i.path.map(String).join('.')].filter(Boolean).join('.');
  return new UserError(
    'BadResults',
    `${file}, at ${where || '(top level)'}: expected ${what}; ${i.message}.`,
  );
}

/**
 * Read one report input from a path: a sweep folder, SparseScope's own JSON (a `bench --json`
 * result, a profile, a workspace import), or another tool's output — benchmark_app logs /
 * CSV / JSON and DeepSparse JSON as results, ORT profiles, benchmark_app counters and
 * OpenVINO execution graphs as profiles. Anything else is a UserError that names the file
 * and what each reader expected.
 */
export async function readReportInput(file: string): Promise<ReportInput> {
  if (!existsSync(file))
    throw new UserError(
      'NotFound',
      `${file}: no such file or folder; expected a sweep folder, a run, a profile or imported results.`,
    );
  if (statSync(file).isDirectory()) return readSweepInput(file);
  const bytes = await readFileSafe(file, {
    maxBytes: MAX_INPUT_BYTES,
    kind: 'BadInput',
    what: 'report input',
  });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(text)) {
    let doc: unknown = undefined;
    try {
      doc = readJson(text, { source: file, kind: 'BadResults' }, { maxLength: MAX_INPUT_BYTES });
    } catch {
      // Not JSON after all (or malformed): the importers below say what they expected.
    }
    const own = doc === undefined ? null : ownJson(doc, file);
    if (own) return own;
  }
  const reasons: string[] = [];
  try {
    const imported = await importResultFile(file);
    return { ...resultsInput(imported.results, file, ''), name: path.basename(file) };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    reasons.push(`as results: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
  }
  try {
    const { profile } = await importProfileFile(file);
    return {
      kind: 'profile',
      name: path.basename(file),
      path: path.resolve(file),
      id: null,
      profile,
    };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    reasons.push(`as a profile: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
  }
  throw new UserError(
    'BadInput',
    `${file}: not a run, a sweep, a profile or results SparseScope can import.`,
    reasons.join('\n  '),
  );
}
