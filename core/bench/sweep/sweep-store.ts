import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { writeFileAtomicSync } from '../../util/atomic-write';
import { readJson } from '../../util/json-reader';
import { readTextSafeSync } from '../../util/safe-file';
import type { SweepConfig } from '../../api/schemas/sweep-config';
import {
  SWEEP_FILE_VERSION,
  resultLineSchema,
  sweepMetaSchema,
  type ResultLine,
  type SweepMeta,
  type SweepPlan,
} from '../../api/schemas/sweep-files';

/**
 * A sweep on disk (DESIGN.md, sweep storage): a folder with
 *   sweep.json     config, plan, status and times — rewritten atomically (temp file, fsync, rename)
 *   results.jsonl  one line per finished or failed cell, appended and fsync'ed per cell
 *   sweep.lock     the pid of the process running the sweep, while it runs
 * A crash loses at most the cell in flight; a torn last line (the crash hit mid-append) is
 * ignored on read and cut off before the next append.
 */

/** The files of a sweep folder are ours and text: a GiB is far beyond any real sweep. */
const SWEEP_FILE_LIMITS = { maxBytes: 2 ** 30, kind: 'BadRunFolder', what: 'sweep file' } as const;

export const SWEEP_JSON = 'sweep.json';
export const RESULTS_JSONL = 'results.jsonl';
export const SWEEP_LOCK = 'sweep.lock';

/** Per-cell profiles of a sweep with `profile: true`, one file per cell id. */
export const PROFILES_DIR = 'profiles';

/** Where a cell's profile lives: its id with every character outside [A-Za-z0-9._+-] as "_". */
export function cellProfileFile(dir: string, cellId: string): string {
  return path.join(dir, PROFILES_DIR, `${cellId.replace(/[^A-Za-z0-9._+-]/g, '_')}.json`);
}

/** What results.jsonl holds: valid lines in order, and a torn tail if a crash left one. */
export interface StoredResults {
  lines: ResultLine[];
  /** The partial last line (no newline, or not JSON), ignored; null when the file is whole. */
  tornTail: string | null;
}

export function writeMeta(dir: string, meta: SweepMeta): void {
  writeFileAtomicSync(path.join(dir, SWEEP_JSON), JSON.stringify(meta, null, 2) + '\n');
}

/** Create the sweep folder and its sweep.json; refuses a folder that is not empty. */
export function createSweepDir(
  dir: string,
  config: SweepConfig,
  configFile: string | null,
  plan: SweepPlan,
  status: 'running' | 'queued' = 'running',
): SweepMeta {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new UserError(
        'BadRunFolder',
        `${dir}: expected a folder for the sweep, but it is a file.`,
      );
    const entries = readdirSync(dir);
    if (entries.includes(SWEEP_JSON)) {
      throw new UserError(
        'BadRunFolder',
        `${dir} already holds a sweep.`,
        'Continue it with `sparsescope sweep --resume DIR`, or choose another folder.',
      );
    }
    if (entries.length > 0)
      throw new UserError(
        'BadRunFolder',
        `${dir}: expected an empty or new folder for the sweep; it holds other files.`,
      );
  }
  mkdirSync(dir, { recursive: true });
  const now = new Date().toISOString();
  const meta: SweepMeta = {
    version: SWEEP_FILE_VERSION,
    kind: 'sparsescope-sweep',
    name: config.name ?? null,
    config,
    config_file: configFile,
    plan,
    status,
    created_at: now,
    started_at: now,
    finished_at: null,
    sessions: 1,
  };
  writeMeta(dir, meta);
  writeFileSync(path.join(dir, RESULTS_JSONL), '', { flag: 'a' });
  return meta;
}

/** Read sweep.json; UserError naming the file and place when it is missing or malformed. */
export function readMeta(dir: string): SweepMeta {
  const file = path.join(dir, SWEEP_JSON);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError('BadRunFolder', `${dir}: no such sweep folder.`);
  if (!existsSync(file))
    throw new UserError(
      'BadRunFolder',
      `${dir}: expected a sweep folder with ${SWEEP_JSON}; there is none.`,
    );
  const doc = readJson(readTextSafeSync(file, SWEEP_FILE_LIMITS), {
    source: file,
    kind: 'BadRunFolder',
  });
  const parsed = sweepMetaSchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(
      'BadRunFolder',
      `${file}, at ${i.path.join('.') || '(top level)'}: ${i.message}`,
    );
  }
  return parsed.data;
}

/**
 * Parse results.jsonl text. Every complete line must be valid; only the last line may be torn
 * (no trailing newline or not JSON), because only a crash during the final append makes one.
 */
export function parseResults(text: string, file: string): StoredResults {
  const lines: ResultLine[] = [];
  const parts = text.split('\n');
  const last = parts.pop()!; // text after the final newline: '' when the file is whole
  let tornTail: string | null = last === '' ? null : last;
  parts.forEach((raw, i) => {
    if (raw.trim() === '') return;
    let doc: unknown;
    try {
      doc = readJson(raw, { source: 'the line', kind: 'BadRunFolder' });
    } catch (err) {
      throw new UserError(
        'BadRunFolder',
        `${file}, line ${i + 1}: expected one JSON result per line`,
        (err as Error).message,
      );
    }
    const parsed = resultLineSchema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UserError(
        'BadRunFolder',
        `${file}, line ${i + 1}, at ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      );
    }
    lines.push(parsed.data);
  });
  // A complete-looking last line without its newline: keep it only if it parses (the crash
  // came between the bytes and the newline, which we write together — so it never should).
  if (tornTail !== null) {
    try {
      const parsed = resultLineSchema.safeParse(JSON.parse(tornTail));
      if (parsed.success) {
        lines.push(parsed.data);
        tornTail = null;
      }
    } catch {
      // Torn: ignored.
    }
  }
  return { lines, tornTail };
}

export function readResults(dir: string): StoredResults {
  const file = path.join(dir, RESULTS_JSONL);
  if (!existsSync(file)) return { lines: [], tornTail: null };
  return parseResults(readTextSafeSync(file, SWEEP_FILE_LIMITS), file);
}

/** Appends result lines durably: each line is written whole and fsync'ed before returning. */
export class ResultAppender {
  private readonly fd: number;

  constructor(dir: string) {
    const file = path.join(dir, RESULTS_JSONL);
    this.fd = openSync(file, 'a+');
    // Cut a torn tail left by a crash, or the next line would be glued onto it.
    const text = readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
      const stored = parseResults(text, file);
      if (stored.tornTail === null)
        writeSync(this.fd, '\n'); // whole line missing only its newline
      else ftruncateSync(this.fd, keep);
      fsyncSync(this.fd);
    }
  }

  append(line: ResultLine): void {
    writeSync(this.fd, JSON.stringify(line) + '\n');
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Results by cell id; a cell run again (`--rerun-noisy`) is represented by its latest line. */
export function resultsByCell(lines: readonly ResultLine[]): Map<string, ResultLine> {
  const out = new Map<string, ResultLine>();
  for (const l of lines) out.set(l.cell_id, l);
  return out;
}
