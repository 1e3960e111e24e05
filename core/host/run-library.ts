import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ResumeOptions, RunDetail, RunSummary, WorkbenchEvent } from '../api/contract';
import { UserError } from '../api/errors';
import { importResultFile } from '../bench/import/registry';
import type { BenchResult } from '../api/schemas/bench-result';
import { runSweep } from '../bench/sweep/run-sweep';
import { sweepCellProfiler } from '../profile/sweep-profiles';
import type { ResultLine, SweepMeta } from '../api/schemas/sweep-files';
import { planSweep } from '../bench/sweep/sweep-plan';
import {
  createSweepDir,
  readMeta,
  readResults,
  resultsByCell,
  RESULTS_JSONL,
} from '../bench/sweep/sweep-store';
import { SerialQueue, writeFileAtomicSync } from '../util/atomic-write';
import { readJson } from '../util/json-reader';
import { readFileSafe } from '../util/safe-file';
import { summarizeSweep } from '../bench/sweep/sweep-summary';
import { parseSweepConfig } from '../config/load-sweep-config';
import { assertEnginesAvailable } from '../engines/registry';

const IMPORT_FILE_VERSION = 1;

interface ImportFile {
  version: number;
  kind: 'sparsescope-import';
  name: string;
  files: string[];
  imported_at: string;
  results: BenchResult[];
}

/**
 * Sweeps and imported runs of one workspace. Sweeps live in `sweeps/<id>/` (the sweep store
 * of core/bench), imports in `imports/<id>.json`. Sweeps run in the background of the host,
 * one at a time in the order they were started — two sweeps measuring at once would skew
 * each other's numbers — and their progress and finished cells go out as events.
 */
export class RunLibrary {
  private readonly sweepsDir: string;
  private readonly importsDir: string;
  /** Sweeps queued or running in this host, with their cancel switch. */
  private readonly active = new Map<string, AbortController>();
  /** The sweep running now, if any (the others in `active` are queued). */
  private running: string | null = null;
  private readonly queue = new SerialQueue();

  constructor(
    private readonly home: string,
    private readonly emit: (event: WorkbenchEvent) => void,
  ) {
    this.sweepsDir = path.join(home, 'sweeps');
    this.importsDir = path.join(home, 'imports');
    mkdirSync(this.sweepsDir, { recursive: true });
    mkdirSync(this.importsDir, { recursive: true });
  }

  /** Every run, newest first; a run whose files cannot be read is listed as damaged, with why. */
  async list(): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for (const id of await readdir(this.sweepsDir)) {
      if (!isRunId(id)) continue;
      runs.push(
        await this.sweepSummary(id).catch((err: unknown) =>
          damaged(id, 'sweep', this.sweepDir(id), err),
        ),
      );
    }
    for (const name of await readdir(this.importsDir)) {
      const id = name.slice(0, -5);
      if (!name.endsWith('.json') || !isRunId(id)) continue;
      runs.push(
        await this.readImport(id).then(
          (file) => importSummary(id, file),
          (err: unknown) => damaged(id, 'imported', this.importPath(id), err),
        ),
      );
    }
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  async get(id: string): Promise<RunDetail> {
    const dir = this.sweepDir(id);
    if (existsSync(dir)) {
      const meta = readMeta(dir);
      const { lines } = readResults(dir);
      return {
        ...toSummary(
          id,
          meta,
          cellCounts(lines),
          this.running === id ? 'running' : this.active.has(id) ? 'queued' : null,
        ),
        config: meta.config,
        lines,
        results: lines.flatMap((l) => (l.result ? [l.result] : [])),
        summary: summarizeSweep(meta, lines),
      };
    }
    const file = await this.readImport(id);
    return {
      ...importSummary(id, file),
      config: null,
      lines: [],
      results: file.results,
      summary: null,
    };
  }

  /** Validate a sweep config (model paths absolute or relative to the workspace) and start it. */
  /** `allowModel` refuses model files the caller may not use (the host's folder policy). */
  async start(
    configDoc: unknown,
    allowModel: (file: string) => void = () => {},
  ): Promise<RunSummary> {
    const config = parseSweepConfig(configDoc, 'sweep config', this.home);
    for (const v of config.variants) allowModel(v.model);
    assertEnginesAvailable(config.engines); // refused here, before it is queued
    const plan = planSweep(config); // refuses absurd grids before anything is written
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    createSweepDir(this.sweepDir(id), config, null, plan, 'queued');
    this.launch(id);
    return this.sweepSummary(id);
  }

  async resume(id: string, options: ResumeOptions = {}): Promise<RunSummary> {
    const dir = this.sweepDir(id);
    if (!existsSync(dir)) throw new UserError('NotFound', `No sweep ${id} in this workspace.`);
    if (this.active.has(id))
      throw new UserError('Busy', `Sweep ${id} is already running or queued.`);
    // A damaged folder, or one naming an engine missing here, is refused now, not when its turn comes.
    assertEnginesAvailable(readMeta(dir).config.engines);
    this.launch(id, options);
    return this.sweepSummary(id);
  }

  cancel(id: string): void {
    const controller = this.active.get(id);
    if (!controller) throw new UserError('NotFound', `Sweep ${id} is not running or queued.`);
    controller.abort();
  }

  async remove(id: string): Promise<void> {
    if (this.active.has(id)) throw new UserError('Busy', `Cancel sweep ${id} before deleting it.`);
    const dir = this.sweepDir(id);
    this.countCache.delete(dir);
    if (existsSync(dir)) return rm(dir, { recursive: true, force: true });
    const file = this.importPath(id);
    if (!existsSync(file)) throw new UserError('NotFound', `No run ${id} in this workspace.`);
    return rm(file, { force: true });
  }

  /** Import foreign results (benchmark_app, DeepSparse) as one run. */
  async importFiles(files: string[]): Promise<RunSummary> {
    const imported = [];
    for (const f of files) imported.push(await importResultFile(f));
    const id = `import-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const body: ImportFile = {
      version: IMPORT_FILE_VERSION,
      kind: 'sparsescope-import',
      name: imported.map((i) => path.basename(i.file)).join(', '),
      files: imported.map((i) => path.resolve(i.file)),
      imported_at: new Date().toISOString(),
      results: imported.flatMap((i) => i.results),
    };
    writeFileAtomicSync(this.importPath(id), JSON.stringify(body, null, 2) + '\n');
    return importSummary(id, body);
  }

  /** Queue the sweep stored in `id` to run (from its first pending cell) when its turn comes. */
  private launch(id: string, options: ResumeOptions = {}): void {
    const controller = new AbortController();
    this.active.set(id, controller);
    void this.queue
      .run(async () => {
        this.running = id;
        this.emit({ type: 'sweep-status', runId: id, status: 'running' });
        try {
          return await runSweep(this.sweepDir(id), null, this.hooks(id), options);
        } finally {
          this.running = null;
        }
      })
      .catch((err: unknown) => {
        this.emit({
          type: 'log',
          level: 'error',
          message: `Sweep ${id} stopped: ${(err as Error).message}`,
          time: Date.now(),
        });
      })
      .finally(() => {
        this.active.delete(id);
        void this.sweepSummary(id).then(
          (summary) => this.emit({ type: 'sweep-status', runId: id, status: summary.status }),
          () => undefined,
        );
      });
  }

  private hooks(id: string) {
    const controller = this.active.get(id)!;
    return {
      signal: controller.signal,
      onProgress: (
        done: number,
        total: number,
        cell: { id: string } | null,
        etaMs: number | null,
      ) =>
        this.emit({
          type: 'sweep-progress',
          runId: id,
          done,
          total,
          cell: cell?.id ?? null,
          etaMs,
        }),
      onCellFinished: (line: RunDetail['lines'][number]) =>
        this.emit({ type: 'cell-finished', runId: id, line }),
      profileCell: sweepCellProfiler(this.home),
    };
  }

  /**
   * Line counts per run, keyed by results.jsonl's size and mtime: listing runs is asked for on
   * every page that shows them, and parsing a 500-cell file each time costs 0.1–0.2 s of CPU
   * that the window is using to draw.
   */
  private readonly countCache = new Map<
    string,
    { stamp: string; recorded: number; failed: number }
  >();

  private async sweepSummary(id: string): Promise<RunSummary> {
    const dir = this.sweepDir(id);
    const meta = readMeta(dir);
    const file = path.join(dir, RESULTS_JSONL);
    const st = existsSync(file) ? statSync(file) : null;
    const stamp = st ? `${st.size}:${st.mtimeMs}` : 'none';
    let counts = this.countCache.get(dir);
    if (counts?.stamp !== stamp) {
      counts = { stamp, ...cellCounts(readResults(dir).lines) };
      this.countCache.set(dir, counts);
    }
    return toSummary(
      id,
      meta,
      counts,
      this.running === id ? 'running' : this.active.has(id) ? 'queued' : null,
    );
  }

  private sweepDir(id: string): string {
    return path.join(this.sweepsDir, safeId(id));
  }

  private importPath(id: string): string {
    return path.join(this.importsDir, `${safeId(id)}.json`);
  }

  private async readImport(id: string): Promise<ImportFile> {
    const file = this.importPath(id);
    if (!existsSync(file)) throw new UserError('NotFound', `No run ${id} in this workspace.`);
    const text = (
      await readFileSafe(file, { maxBytes: 2 ** 30, kind: 'BadResults', what: 'imported run' })
    ).toString('utf8');
    const parsed = readJson(text, { source: file, kind: 'BadResults' }) as ImportFile;
    if (parsed.version !== IMPORT_FILE_VERSION) {
      throw new UserError(
        'RunFailed',
        `${file}: version ${String(parsed.version)}, expected ${IMPORT_FILE_VERSION}.`,
      );
    }
    return parsed;
  }
}

const isRunId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id);

/** Run ids name folders: refuse anything that could leave the workspace. */
function safeId(id: string): string {
  if (!isRunId(id)) throw new UserError('BadRequest', `Not a run id: ${id}`);
  return id;
}

/**
 * A sweep's summary. `live` is what this host is doing with it; without that, a stored
 * 'running' or 'queued' status belongs to a process that is gone: the sweep is interrupted.
 */
/** Cells recorded and failed: a cell run again (--rerun-noisy) counts once, by its latest line. */
function cellCounts(lines: readonly ResultLine[]): { recorded: number; failed: number } {
  const latest = [...resultsByCell(lines).values()];
  return { recorded: latest.length, failed: latest.filter((l) => l.status === 'failed').length };
}

function toSummary(
  id: string,
  meta: SweepMeta,
  { recorded, failed }: { recorded: number; failed: number },
  live: 'running' | 'queued' | null,
): RunSummary {
  const stored =
    meta.status === 'running' || meta.status === 'queued' ? 'interrupted' : meta.status;
  return {
    id,
    kind: 'sweep',
    name: meta.name ?? meta.config.variants.map((v) => v.label).join(' vs '),
    status: live ?? stored,
    problem: null,
    cells: { planned: meta.plan.cells.length, recorded, failed },
    startedAt: meta.created_at,
    finishedAt: meta.finished_at,
  };
}

function importSummary(id: string, file: ImportFile): RunSummary {
  return {
    id,
    kind: 'imported',
    name: file.name,
    status: 'finished',
    problem: null,
    cells: { planned: file.results.length, recorded: file.results.length, failed: 0 },
    startedAt: file.imported_at,
    finishedAt: file.imported_at,
  };
}

/** A run whose files cannot be read: listed, not hidden, with the reason. */
function damaged(id: string, kind: RunSummary['kind'], where: string, err: unknown): RunSummary {
  const startedAt = existsSync(where)
    ? statSync(where).mtime.toISOString()
    : new Date(0).toISOString();
  return {
    id,
    kind,
    name: id,
    status: 'damaged',
    problem: err instanceof UserError ? err.message : `${where}: ${(err as Error).message}`,
    cells: { planned: 0, recorded: 0, failed: 0 },
    startedAt,
    finishedAt: null,
  };
}
