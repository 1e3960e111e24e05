import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type {
  ProfileExport,
  ProfileExportFormat,
  ProfileRequest,
  ProfileSummary,
} from '../api/profile-api';
import { UserError } from '../api/errors';
import { profileFileSchema, type ProfileFile } from '../api/schemas/profile';
import { machineInfo } from '../bench/machine';
import { toChromeTrace } from '../profile/exporters/chrome-trace';
import { toCountersCsv } from '../profile/exporters/counters-csv';
import { toNetronMetrics } from '../profile/exporters/netron-metrics';
import { importProfileFile } from '../profile/importers/registry';
import { ensurePeaks } from '../profile/peaks/ensure-peaks';
import { runProfile } from '../profile/run-profile';
import { writeFileAtomic } from '../util/atomic-write';
import { readJson } from '../util/json-reader';

/**
 * The profiles of one workspace: measured and imported ones in `profiles/<id>.json` (the
 * profile file, with `profiles/<id>/` holding what it names, such as ORT's optimized model),
 * listed through `profiles/index.json` (versioned; rebuilt from the files when missing or
 * damaged); and the profiles sweeps stored per cell in `sweeps/<run>/profiles/`, which the
 * list reads from their folders.
 */

const INDEX_VERSION = 1;
const SWEEP_PREFIX = 'sweep~';

interface IndexFile {
  version: number;
  profiles: ProfileSummary[];
}

export function profileSummary(
  id: string,
  p: ProfileFile,
  origin: ProfileSummary['origin'],
  runId: string | null = null,
  cellId: string | null = null,
): ProfileSummary {
  const model = p.model.path ?? p.source_files[0] ?? null;
  const c = p.config;
  const what = [
    p.engine,
    c.seq !== null ? `seq ${c.seq}` : null,
    c.streams !== null && c.threads !== null ? `${c.streams}×${c.threads}` : null,
  ].filter(Boolean);
  return {
    id,
    name: `${model ? path.basename(model) : 'profile'}${p.model.variant ? ` (${p.model.variant})` : ''} · ${what.join(' · ')}`,
    source: p.source,
    engine: p.engine,
    origin,
    runId,
    cellId,
    modelPath: p.model.path,
    variant: p.model.variant,
    createdAt: p.created_at,
    nodeCount: p.nodes.length,
    iterations: p.iterations,
    nodeSumMs: p.node_sum_ms,
    latencyMedianMs: p.latency_ms.median,
  };
}

export class ProfileLibrary {
  private readonly dir: string;
  private readonly indexPath: string;
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly home: string,
    private readonly resolveModel: (id: string) => Promise<{ path: string; label: string }>,
  ) {
    this.dir = path.join(home, 'profiles');
    this.indexPath = path.join(this.dir, 'index.json');
    mkdirSync(this.dir, { recursive: true });
  }

  async list(): Promise<ProfileSummary[]> {
    const own = (await this.readIndex()).profiles;
    return [...own, ...(await this.sweepProfiles())].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
  }

  async get(id: string): Promise<ProfileFile> {
    return readProfile(this.fileOf(id));
  }

  /** Measure a profile; progress goes to `progress`, cancelProfile(jobId) stops it. */
  async run(
    request: ProfileRequest,
    progress: (fraction: number | null, message: string) => void,
  ): Promise<ProfileSummary> {
    if (this.active.has(request.jobId))
      throw new UserError('Busy', `A profile with job id ${request.jobId} is already running.`);
    const model = 'id' in request.model ? await this.resolveModel(request.model.id) : null;
    const modelPath = model ? model.path : path.resolve((request.model as { path: string }).path);
    const controller = new AbortController();
    this.active.set(request.jobId, controller);
    const id = newId();
    const artifacts = mkdtempSync(path.join(this.dir, `.${id}-`));
    try {
      const peaks = await ensurePeaks(this.home, machineInfo(), (m) => progress(null, m));
      const profile = await runProfile(
        {
          modelPath,
          engine: request.engine,
          seq: request.seq,
          batch: request.batch,
          threads: request.threads,
          streams: request.streams,
          niter: request.niter,
          warmup: request.warmup,
          sparseRate: request.sparseRate ?? null,
          variant: request.variant ?? model?.label ?? null,
          peaks,
          artifactsDir: artifacts,
        },
        { signal: controller.signal, onProgress: progress },
      );
      const kept = path.join(this.dir, id);
      if (readdirSync(artifacts).length) {
        renameSync(artifacts, kept);
        if (profile.runtime_graph?.path)
          profile.runtime_graph.path = path.join(kept, path.basename(profile.runtime_graph.path));
      }
      return await this.store(id, profile, 'measured');
    } finally {
      this.active.delete(request.jobId);
      rmSync(artifacts, { recursive: true, force: true });
    }
  }

  cancel(jobId: string): void {
    const c = this.active.get(jobId);
    if (!c) throw new UserError('NotFound', `No profile with job id ${jobId} is running.`);
    c.abort();
  }

  async importFile(file: string): Promise<ProfileSummary> {
    const { profile } = await importProfileFile(file);
    return this.store(newId(), profile, 'imported');
  }

  async remove(id: string): Promise<void> {
    if (id.startsWith(SWEEP_PREFIX))
      throw new UserError(
        'BadRequest',
        "A sweep cell's profile goes with its sweep: delete the sweep instead.",
      );
    const file = this.fileOf(id);
    if (!existsSync(file)) throw new UserError('NotFound', `No profile ${id} in this workspace.`);
    const index = await this.readIndex();
    await this.writeIndex({ ...index, profiles: index.profiles.filter((p) => p.id !== id) });
    await rm(file, { force: true });
    await rm(path.join(this.dir, id), { recursive: true, force: true });
  }

  async export(id: string, format: ProfileExportFormat): Promise<ProfileExport> {
    const p = await this.get(id);
    const base = id.replace(/[~]/g, '_');
    switch (format) {
      case 'chrome-trace':
        return {
          fileName: `${base}.trace.json`,
          mimeType: 'application/json',
          text: JSON.stringify(toChromeTrace(p)),
        };
      case 'counters-csv':
        return {
          fileName: `${base}_counters_report.csv`,
          mimeType: 'text/csv',
          text: toCountersCsv(p),
        };
      case 'netron-metrics':
        return {
          fileName: `${base}.netron.json`,
          mimeType: 'application/json',
          text: JSON.stringify(toNetronMetrics(p), null, 1),
        };
      case 'json':
        return {
          fileName: `${base}.profile.json`,
          mimeType: 'application/json',
          text: JSON.stringify(p, null, 2),
        };
    }
  }

  private async store(
    id: string,
    profile: ProfileFile,
    origin: ProfileSummary['origin'],
  ): Promise<ProfileSummary> {
    const checked = profileFileSchema.parse(profile);
    await writeFileAtomic(this.fileOf(id), JSON.stringify(checked) + '\n');
    const summary = profileSummary(id, checked, origin);
    const index = await this.readIndex();
    await this.writeIndex({
      ...index,
      profiles: [...index.profiles.filter((p) => p.id !== id), summary],
    });
    return summary;
  }

  private fileOf(id: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._~-]{0,300}$/.test(id))
      throw new UserError('BadRequest', `Not a profile id: ${id}`);
    if (id.startsWith(SWEEP_PREFIX)) {
      const [, run, cell] = id.split('~');
      if (!run || !cell || run.includes('/') || cell.includes('/'))
        throw new UserError('BadRequest', `Not a profile id: ${id}`);
      return path.join(this.home, 'sweeps', run, 'profiles', `${cell}.json`);
    }
    return path.join(this.dir, `${id}.json`);
  }

  private async readIndex(): Promise<IndexFile> {
    if (existsSync(this.indexPath)) {
      try {
        const doc = readJson(await readFile(this.indexPath, 'utf8'), {
          source: this.indexPath,
          kind: 'BadResults',
        }) as IndexFile;
        if (doc.version === INDEX_VERSION && Array.isArray(doc.profiles)) return doc;
      } catch {
        // Rebuilt below from the profile files themselves.
      }
    }
    const profiles: ProfileSummary[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json') || name === 'index.json') continue;
      const id = name.slice(0, -5);
      const p = await readProfile(path.join(this.dir, name)).catch(() => null);
      if (p)
        profiles.push(profileSummary(id, p, p.source === 'sparsescope' ? 'measured' : 'imported'));
    }
    const index = { version: INDEX_VERSION, profiles };
    await this.writeIndex(index);
    return index;
  }

  private async writeIndex(index: IndexFile): Promise<void> {
    await writeFileAtomic(this.indexPath, JSON.stringify(index, null, 1) + '\n');
  }

  /** Sweep cells' profiles, summarised from their files (cached by modification time). */
  private readonly sweepCache = new Map<string, { mtimeMs: number; summary: ProfileSummary }>();
  private async sweepProfiles(): Promise<ProfileSummary[]> {
    const sweeps = path.join(this.home, 'sweeps');
    if (!existsSync(sweeps)) return [];
    const out: ProfileSummary[] = [];
    for (const run of readdirSync(sweeps)) {
      const dir = path.join(sweeps, run, 'profiles');
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!name.endsWith('.json')) continue;
        const file = path.join(dir, name);
        const mtimeMs = statSync(file).mtimeMs;
        const cached = this.sweepCache.get(file);
        if (cached && cached.mtimeMs === mtimeMs) {
          out.push(cached.summary);
          continue;
        }
        const p = await readProfile(file).catch(() => null);
        if (!p) continue;
        const cell = name.slice(0, -5);
        const summary = profileSummary(`${SWEEP_PREFIX}${run}~${cell}`, p, 'sweep', run, cell);
        this.sweepCache.set(file, { mtimeMs, summary });
        out.push(summary);
      }
    }
    return out;
  }
}

function newId(): string {
  return `p-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

async function readProfile(file: string): Promise<ProfileFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError('NotFound', `No profile at ${file}.`);
  }
  const checked = profileFileSchema.safeParse(
    readJson(text, { source: file, kind: 'BadResults' }, { maxLength: 512 * 2 ** 20 }),
  );
  if (!checked.success)
    throw new UserError(
      'BadResults',
      `${file}: not a SparseScope profile (${checked.error.issues[0]!.message} at ${checked.error.issues[0]!.path.join('.')}).`,
    );
  return checked.data;
}
