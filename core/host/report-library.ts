import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../api/errors';
import { REPORT_FORMATS, type ReportFormat } from '../api/names';
import type { ReportEntry, ReportFile, ReportPreview, ReportRequest } from '../api/report-api';
import { reportRequestSchema, type ReportDocument } from '../api/schemas/report';
import { makeReport } from '../report/build-report';
import type { ReportInput } from '../report/inputs';
import { renderHtml } from '../report/render-html';
import { REPORT_MIME_TYPES, renderReport, type PdfPrinter } from '../report/render-report';
import { SerialQueue, writeFileAtomic } from '../util/atomic-write';
import { readJson } from '../util/json-reader';
import { readFileSafe, readTextSafeSync } from '../util/safe-file';
import { IndexFile } from './index-file';
import { profileSummary, type ProfileLibrary } from './profile-library';
import type { RunLibrary } from './run-library';

/**
 * The reports of one workspace: each export in `reports/<id>/` (the file people download and
 * `entry.json`, what it was made from), listed through `reports/index.json` (versioned; rebuilt
 * from the folders when missing or damaged). An export is written into a temp folder and
 * renamed into place, so a listed report is always whole.
 */

const INDEX_VERSION = 1;
const ENTRY_FILE = 'entry.json';

const entrySchema = z.object({
  id: z.string(),
  title: z.string(),
  format: z.enum(REPORT_FORMATS),
  createdAt: z.string(),
  request: reportRequestSchema,
  inputs: z.array(z.string()),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  path: z.string(),
  copy: z.string().nullable().default(null),
}) satisfies z.ZodType<ReportEntry>;

const indexSchema = z.object({ version: z.literal(INDEX_VERSION), reports: z.array(entrySchema) });
type Index = z.infer<typeof indexSchema>;

const isReportId = (id: string): boolean => /^r-[A-Za-z0-9-]{1,100}$/.test(id);

/** The file name people get: the title in letters, digits and dashes. */
function baseName(title: string): string {
  return (
    title
      .replace(/^SparseScope report:\s*/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'report'
  );
}

/** `dir/name`, or `dir/name (2)` … when a file of that name is already there. */
function freeName(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export class ReportLibrary {
  private readonly dir: string;
  private readonly index: IndexFile<Index>;
  private readonly updates = new SerialQueue();

  constructor(
    private readonly home: string,
    private readonly runs: RunLibrary,
    private readonly profiles: ProfileLibrary,
    private readonly printPdf: PdfPrinter,
    private readonly notice: (message: string) => void,
    /** Whether the host may read a model file a stored result names (its folder policy). */
    private readonly mayRead: (file: string) => boolean,
  ) {
    this.dir = path.join(home, 'reports');
    mkdirSync(this.dir, { recursive: true });
    this.index = new IndexFile(path.join(this.dir, 'index.json'), indexSchema, 'The report list');
  }

  /** The report's HTML, exactly as an HTML export writes it. */
  async preview(request: ReportRequest): Promise<ReportPreview> {
    const doc = await this.document(request);
    return { html: renderHtml(doc), title: doc.title, sections: doc.sections.map((s) => s.id) };
  }

  /**
   * Render and store a report; the list shows it at once. With `copyTo` (the results folder
   * of the settings, already allowed by the host) a copy is saved there too, never over an
   * existing file.
   */
  async export(
    request: ReportRequest,
    format: ReportFormat,
    copyTo: string | null = null,
  ): Promise<ReportEntry> {
    const doc = await this.document(request);
    const rendered = await renderReport(doc, format, baseName(doc.title), this.printPdf);
    const id = `r-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    const folder = path.join(this.dir, id);
    const entry: ReportEntry = {
      id,
      title: doc.title,
      format,
      createdAt: doc.generated_at,
      request,
      inputs: doc.inputs.map((i) => (i.role ? `${i.role}: ${i.name}` : i.name)),
      fileName: rendered.fileName,
      sizeBytes: rendered.bytes.byteLength,
      path: path.join(folder, rendered.fileName),
      copy: null,
    };
    const tmp = path.join(this.dir, `.${id}.tmp`);
    mkdirSync(tmp);
    try {
      await writeFileAtomic(path.join(tmp, rendered.fileName), rendered.bytes);
      await writeFileAtomic(path.join(tmp, ENTRY_FILE), JSON.stringify(entry, null, 2) + '\n');
      await rename(tmp, folder);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err instanceof UserError
        ? err
        : new UserError(
            'WriteFailed',
            `Cannot store the report in ${folder}.`,
            (err as Error).message,
          );
    }
    await this.update((reports) => [...reports.filter((r) => r.id !== id), entry]);
    if (copyTo === null) return entry;
    const copy = freeName(copyTo, rendered.fileName);
    try {
      await writeFileAtomic(copy, rendered.bytes);
    } catch (err) {
      throw new UserError(
        'WriteFailed',
        `The report is in the Reports list, but it could not be saved into the results folder ${copyTo}.`,
        `${(err as Error).message}. Change the results folder on the Machine page or export it again.`,
      );
    }
    const saved = { ...entry, copy };
    await writeFileAtomic(path.join(folder, ENTRY_FILE), JSON.stringify(saved, null, 2) + '\n');
    await this.update((reports) => reports.map((r) => (r.id === id ? saved : r)));
    return saved;
  }

  /** Exported reports, newest first. */
  async list(): Promise<ReportEntry[]> {
    const { reports } = await this.readIndex();
    return reports
      .filter((r) => existsSync(path.join(this.dir, r.id)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async file(id: string): Promise<ReportFile> {
    const entry = await this.entry(id);
    const bytes = await readFileSafe(entry.path, {
      maxBytes: 2 ** 30,
      kind: 'NotFound',
      what: 'stored report',
    });
    const mimeType = REPORT_MIME_TYPES[entry.format];
    return { fileName: entry.fileName, mimeType, base64: bytes.toString('base64') };
  }

  async remove(id: string): Promise<void> {
    await this.entry(id);
    await this.update((reports) => reports.filter((r) => r.id !== id));
    await rm(path.join(this.dir, id), { recursive: true, force: true });
  }

  /** Read, change and write the index as one step: concurrent exports never lose each other's entry. */
  private update(change: (reports: ReportEntry[]) => ReportEntry[]): Promise<void> {
    return this.updates.run(async () => {
      const index = await this.readIndex();
      await this.index.write({ ...index, reports: change(index.reports) });
    });
  }

  private async entry(id: string): Promise<ReportEntry> {
    if (!isReportId(id)) throw new UserError('BadRequest', `Not a report id: ${id}`);
    const entry = (await this.readIndex()).reports.find((r) => r.id === id);
    if (!entry || !existsSync(entry.path))
      throw new UserError('NotFound', `No report ${id} in this workspace.`);
    return entry;
  }

  /** The inputs by id: runs through the run library, profiles through the profile library. */
  private async document(request: ReportRequest): Promise<ReportDocument> {
    if (request.runs.length + request.profiles.length === 0)
      throw new UserError('BadRequest', 'A report needs at least one run or profile.');
    const inputs: ReportInput[] = [];
    for (const id of request.runs) {
      const run = await this.runs.get(id);
      if (run.kind === 'sweep' && run.config && run.summary) {
        const dir = path.join(this.home, 'sweeps', id);
        const profiles = path.join(dir, 'profiles');
        inputs.push({
          kind: 'sweep',
          name: run.name,
          path: dir,
          id,
          config: run.config,
          lines: run.lines,
          results: run.results,
          summary: run.summary,
          cellProfiles: existsSync(profiles)
            ? readdirSync(profiles).filter((n) => n.endsWith('.json')).length
            : 0,
        });
      } else {
        inputs.push({
          kind: 'results',
          name: run.name,
          path: null,
          id,
          results: run.results,
          files: [],
        });
      }
    }
    for (const id of request.profiles) {
      const profile = await this.profiles.get(id);
      inputs.push({
        kind: 'profile',
        name: profileSummary(id, profile, 'measured').name,
        path: null,
        id,
        profile,
      });
    }
    return makeReport(inputs, {
      sections: request.sections,
      title: request.title ?? null,
      budgetMs: request.budgetMs ?? null,
      notes: request.notes ?? null,
      mayReadModel: this.mayRead,
    });
  }

  /** The index; when missing or damaged, rebuilt from the report folders (and the damage told). */
  private async readIndex(): Promise<Index> {
    const { value, damaged } = this.index.read();
    if (value) return value;
    if (damaged) this.notice(damaged);
    const reports: ReportEntry[] = [];
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name, ENTRY_FILE);
      if (!isReportId(name) || !existsSync(file)) continue;
      try {
        const text = readTextSafeSync(file, {
          maxBytes: 2 ** 20,
          kind: 'BadResults',
          what: 'report entry',
        });
        const parsed = entrySchema.safeParse(readJson(text, { source: file, kind: 'BadResults' }));
        if (parsed.success) reports.push(parsed.data);
      } catch {
        // A folder without a readable entry is not listed; its files stay where they are.
      }
    }
    const index: Index = { version: INDEX_VERSION, reports };
    await this.index.write(index);
    return index;
  }
}
