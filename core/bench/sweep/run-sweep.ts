import { toErrorData } from '../../api/errors';
import type { SweepConfig } from '../../api/schemas/sweep-config';
import type { ResultLine, SweepCell, SweepMeta } from '../../api/schemas/sweep-files';
import type { BenchOptions } from '../bench-options';
import type { BenchResult } from '../../api/schemas/bench-result';
import { assertEnginesAvailable } from '../../engines/registry';
import { runBenchmark, type BenchHooks } from '../run-benchmark';
import { pairGroupId, planSweep } from './sweep-plan';
import { lockSweep } from './sweep-lock';
import {
  createSweepDir,
  readMeta,
  readResults,
  resultsByCell,
  ResultAppender,
  writeMeta,
} from './sweep-store';

export interface SweepHooks {
  signal?: AbortSignal;
  /** Before each cell, and once at the end with cell null. etaMs is null until a cell finished. */
  onProgress?: (
    done: number,
    total: number,
    currentCell: SweepCell | null,
    etaMs: number | null,
  ) => void;
  /** After each cell's line is on disk. */
  onCellFinished?: (line: ResultLine, cell: SweepCell) => void;
  /** Runs one cell; runBenchmark unless a test substitutes it. */
  runCell?: (options: BenchOptions, hooks: BenchHooks) => Promise<BenchResult>;
  /**
   * With config.profile: profile a cell that succeeded, after its line is on disk and in its
   * own iterations (core/profile supplies it; bench cannot import profile). Its failure is
   * the profile's, never the cell's.
   */
  profileCell?: (
    cell: SweepCell,
    options: BenchOptions,
    dir: string,
    signal?: AbortSignal,
  ) => Promise<void>;
}

export interface SweepOutcome {
  dir: string;
  meta: SweepMeta;
  /** Every recorded line, this session's and earlier ones. */
  lines: ResultLine[];
  /** finished: every planned cell has a line; interrupted: stopped by the signal. */
  status: 'finished' | 'interrupted';
  /** Cells run by this call. */
  ran: number;
}

/**
 * TEST-ONLY fault hook: cells whose id starts with SPARSESCOPE_FAULT_CELL run with
 * SPARSESCOPE_FAULT=crash-worker in their workers' environment, so their stream workers crash
 * mid-run (see stream.worker.ts). Lets tests show that a crashed cell is recorded as failed and
 * the sweep goes on. Never set it outside tests.
 */
export const FAULT_CELL_ENV = 'SPARSESCOPE_FAULT_CELL';

function cellOptions(cell: SweepCell, config: SweepConfig): BenchOptions {
  const o: BenchOptions = {
    modelPath: cell.model,
    engine: cell.engine,
    streams: cell.streams,
    threads: cell.threads,
    seq: cell.seq,
    batch: cell.batch,
    sparseRate: cell.sparse_rate,
    variant: cell.variant,
  };
  if (config.time_s !== undefined) o.timeS = config.time_s;
  if (config.niter !== undefined) o.niter = config.niter;
  if (config.warmup !== undefined) o.warmup = config.warmup;
  if (config.api !== undefined) o.api = config.api;
  if (config.cell_timeout_s !== undefined) o.timeoutMs = config.cell_timeout_s * 1000;
  if (cell.graph_optimization !== null) o.graphOptimizationLevel = cell.graph_optimization;
  return o;
}

/** Run one cell with the test-only fault applied when it targets this cell. */
async function runOne(
  cell: SweepCell,
  options: BenchOptions,
  run: NonNullable<SweepHooks['runCell']>,
  signal: AbortSignal | undefined,
): Promise<BenchResult> {
  const prefix = process.env[FAULT_CELL_ENV];
  // Without the cell hook, leave the environment alone (a global SPARSESCOPE_FAULT still applies).
  if (prefix === undefined || prefix === '') return run(options, signal ? { signal } : {});
  const saved = process.env.SPARSESCOPE_FAULT;
  // Workers copy the parent's environment when they start, inside this call.
  if (cell.id.startsWith(prefix)) process.env.SPARSESCOPE_FAULT = 'crash-worker';
  else delete process.env.SPARSESCOPE_FAULT;
  try {
    return await run(options, signal ? { signal } : {});
  } finally {
    if (saved === undefined) delete process.env.SPARSESCOPE_FAULT;
    else process.env.SPARSESCOPE_FAULT = saved;
  }
}

/** A failed cell's reason as stored in results.jsonl: "Kind: message". */
function reasonOf(err: unknown): string {
  const data = toErrorData(err);
  return `${data.name}: ${data.message}`;
}

/**
 * Run a sweep into `dir`: a new one from `config`, or (config null) resume the sweep stored
 * there, running only cells without a line in results.jsonl. Each cell runs through
 * runBenchmark with fresh workers; a cell that fails, crashes or times out is recorded as
 * failed with its reason and the sweep goes on. When `signal` aborts, the cell in flight is
 * abandoned (its workers stopped, no line written) and the sweep is left 'interrupted',
 * ready to resume. Throws UserError for a folder that cannot hold or does not hold a sweep.
 */
export async function runSweep(
  dir: string,
  config: SweepConfig | null,
  hooks: SweepHooks = {},
  options: { configFile?: string; forceUnlock?: boolean; rerunNoisy?: boolean } = {},
): Promise<SweepOutcome> {
  // A cell on an engine this machine lacks can only fail: refuse the sweep before any cell
  // runs, with the engine's reason (for openvino, the command that installs it).
  assertEnginesAvailable((config ?? readMeta(dir).config).engines);
  let meta: SweepMeta;
  let release: () => void;
  if (config) {
    meta = createSweepDir(dir, config, options.configFile ?? null, planSweep(config));
    release = lockSweep(dir);
  } else {
    meta = readMeta(dir);
    release = lockSweep(dir, { force: options.forceUnlock ?? false });
    meta = {
      ...meta,
      status: 'running',
      started_at: new Date().toISOString(),
      finished_at: null,
      // A queued sweep starting is its first session, not a resume.
      sessions: meta.status === 'queued' ? meta.sessions : meta.sessions + 1,
    };
  }

  const run = hooks.runCell ?? runBenchmark;
  let appender: ResultAppender | null = null;
  let ran = 0;
  const lines: ResultLine[] = [];
  try {
    const stored = readResults(dir);
    lines.push(...stored.lines);
    writeMeta(dir, meta);
    appender = new ResultAppender(dir);
    const recorded = resultsByCell(stored.lines);
    const cells = meta.plan.cells;
    // Cells without a line, and (asked for) every cell paired with one measured under load:
    // the whole group runs again, back to back, so its ratios stay paired. Appended.
    const noisyGroups = new Set(
      options.rerunNoisy === true
        ? cells.filter((c) => recorded.get(c.id)?.result?.load?.noisy === true).map(pairGroupId)
        : [],
    );
    const pending = cells.filter((c) => !recorded.has(c.id) || noisyGroups.has(pairGroupId(c)));
    let done = cells.length - pending.length;
    let spentMs = 0;

    for (const cell of pending) {
      if (hooks.signal?.aborted) break;
      const eta = ran > 0 ? (spentMs / ran) * (cells.length - done) : null;
      hooks.onProgress?.(done, cells.length, cell, eta);
      const t0 = performance.now();
      let line: ResultLine;
      try {
        const result = await runOne(cell, cellOptions(cell, meta.config), run, hooks.signal);
        line = {
          version: 1,
          cell_id: cell.id,
          status: 'ok',
          result,
          finished_at: new Date().toISOString(),
          elapsed_ms: performance.now() - t0,
        };
      } catch (err) {
        // Stopped by the user: abandon the cell in flight, so a resume runs it again.
        if (hooks.signal?.aborted) break;
        line = {
          version: 1,
          cell_id: cell.id,
          status: 'failed',
          reason: reasonOf(err),
          finished_at: new Date().toISOString(),
          elapsed_ms: performance.now() - t0,
        };
      }
      appender.append(line);
      if (
        meta.config.profile &&
        line.status === 'ok' &&
        hooks.profileCell &&
        !hooks.signal?.aborted
      )
        await hooks
          .profileCell(cell, cellOptions(cell, meta.config), dir, hooks.signal)
          .catch(() => undefined);
      lines.push(line);
      ran++;
      done++;
      spentMs += line.elapsed_ms;
      hooks.onCellFinished?.(line, cell);
    }

    const complete = resultsByCell(lines);
    const finished = cells.every((c) => complete.has(c.id));
    meta = {
      ...meta,
      status: finished ? 'finished' : 'interrupted',
      finished_at: finished ? new Date().toISOString() : null,
    };
    writeMeta(dir, meta);
    hooks.onProgress?.(done, cells.length, null, 0);
    return { dir, meta, lines, status: finished ? 'finished' : 'interrupted', ran };
  } finally {
    appender?.close();
    release();
  }
}
