import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunDetail, RunSummary, WorkbenchEvent } from '../api/contract';
import { UserError } from '../api/errors';
import { importResultFile } from '../bench/import/registry';
import type { BenchResult } from '../api/schemas/bench-result';
import { runSweep } from '../bench/sweep/run-sweep';
import type { SweepMeta } from '../api/schemas/sweep-files';
import { readMeta, readResults, writeFileAtomic } from '../bench/sweep/sweep-store';
import { summarizeSweep } from '../bench/sweep/sweep-summary';
import { parseSweepConfig } from '../config/load-sweep-config';

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
 * of core/bench), imports in `imports/<id>.json`. A sweep runs in the background of the
 * host; its progress and finished cells go out as events.
 */
export class RunLibrary {
  private readonly sweepsDir: string;
  private readonly importsDir: string;
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly home: string,
    private readonly emit: (event: WorkbenchEvent) => void,
  ) {
    this.sweepsDir = path.join(home, 'sweeps');
    this.importsDir = path.join(home, 'imports');
    mkdirSync(this.sweepsDir, { recursive: true });
    mkdirSync(this.importsDir, { recursive: true });
  }

  async list(): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for (const id of await readdir(this.sweepsDir)) {
      const summary = await this.sweepSummary(id).catch(() => null);
      if (summary) runs.push(summary);
    }
    for (const name of await readdir(this.importsDir)) {
      if (!name.endsWith('.json')) continue;
      const file = await this.readImport(name.slice(0, -5)).catch(() => null);
      if (file) runs.push(importSummary(name.slice(0, -5), file));
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
          lines.length,
          lines.filter((l) => l.status === 'failed').length,
          this.active.has(id),
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
  async start(configDoc: unknown): Promise<RunSummary> {
    const config = parseSweepConfig(configDoc, 'sweep config', this.home);
    const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    this.launch(id, () => runSweep(this.sweepDir(id), config, this.hooks(id)));
    // The store exists once runSweep's first synchronous step has run.
    await waitFor(() => existsSync(path.join(this.sweepDir(id), 'sweep.json')));
    return this.sweepSummary(id);
  }

  async resume(id: string): Promise<RunSummary> {
    const dir = this.sweepDir(id);
    if (!existsSync(dir)) throw new UserError('NotFound', `No sweep ${id} in this workspace.`);
    if (this.active.has(id)) throw new UserError('Busy', `Sweep ${id} is already running.`);
    this.launch(id, () => runSweep(dir, null, this.hooks(id)));
    return this.sweepSummary(id);
  }

  cancel(id: string): void {
    const controller = this.active.get(id);
    if (!controller) throw new UserError('NotFound', `Sweep ${id} is not running.`);
    controller.abort();
  }

  async remove(id: string): Promise<void> {
    if (this.active.has(id)) throw new UserError('Busy', `Cancel sweep ${id} before deleting it.`);
    const dir = this.sweepDir(id);
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
    writeFileAtomic(this.importPath(id), JSON.stringify(body, null, 2) + '\n');
    return importSummary(id, body);
  }

  private launch(id: string, run: () => Promise<unknown>): void {
    const controller = new AbortController();
    this.active.set(id, controller);
    void run()
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
    };
  }

  private async sweepSummary(id: string): Promise<RunSummary> {
    const dir = this.sweepDir(id);
    const meta = readMeta(dir);
    const { lines } = readResults(dir);
    return toSummary(
      id,
      meta,
      lines.length,
      lines.filter((l) => l.status === 'failed').length,
      this.active.has(id),
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
    let parsed: ImportFile;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8')) as ImportFile;
    } catch {
      throw new UserError('NotFound', `No run ${id} in this workspace.`);
    }
    if (parsed.version !== IMPORT_FILE_VERSION) {
      throw new UserError(
        'RunFailed',
        `${file}: version ${String(parsed.version)}, expected ${IMPORT_FILE_VERSION}.`,
      );
    }
    return parsed;
  }
}

/** Run ids name folders: refuse anything that could leave the workspace. */
function safeId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id))
    throw new UserError('BadRequest', `Not a run id: ${id}`);
  return id;
}

function toSummary(
  id: string,
  meta: SweepMeta,
  recorded: number,
  failed: number,
  running: boolean,
): RunSummary {
  return {
    id,
    kind: 'sweep',
    name: meta.name ?? meta.config.variants.map((v) => v.label).join(' vs '),
    status: running ? 'running' : meta.status === 'running' ? 'interrupted' : meta.status,
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
    cells: { planned: file.results.length, recorded: file.results.length, failed: 0 },
    startedAt: file.imported_at,
    finishedAt: file.imported_at,
  };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new UserError('Timeout', 'The sweep did not start within 10 s.');
    await new Promise((r) => setTimeout(r, 20));
  }
}
