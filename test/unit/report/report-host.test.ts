import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRequest, WorkbenchApi } from '../../../core/api/contract';
import { reportDocumentSchema, type ReportDocument } from '../../../core/api/schemas/report';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';
import { projectRoot } from '../../../core/util/paths';
import { htmlTable, shownNumber } from './report-html';

// Reports through the API, from imported benchmark_app runs and imported profiles (an ORT
// profiler file and benchmark_app counters, captured from the real tools — see
// test/fixtures/profiles/README.md): preview, export in every format, list, download, delete.

const fixtures = path.join(projectRoot(), 'test', 'fixtures');
const sparsityLog = path.join(fixtures, 'imports', 'benchmark-app-sparsity.log');
const mobilenetLog = path.join(fixtures, 'imports', 'benchmark-app-mobilenet.log');
const ortProfile = path.join(fixtures, 'profiles', 'ort-tiny-seq16-3runs.json');
const countersCsv = path.join(fixtures, 'profiles', 'benchmark_average_counters_report.csv');

const saved = process.env.SPARSESCOPE_HOME;
let home: string;
let api: WorkbenchApi;
let request: ReportRequest;

function restart(): WorkbenchApi {
  process.env.SPARSESCOPE_HOME = home;
  return inProcessApi(createWorkbenchHost({ hostKind: 'in-process', folders: [fixtures] }));
}

async function exportedDoc(r: ReportRequest): Promise<ReportDocument> {
  const entry = await api.exportReport(r, 'json');
  const file = await api.getReportFile(entry.id);
  return reportDocumentSchema.parse(
    JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')),
  );
}

const tables = (d: ReportDocument) => d.sections.flatMap((s) => s.blocks.flatMap((b) => b.tables));

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-report-host-'));
  api = restart();
  const a = await api.importRuns([sparsityLog]);
  const b = await api.importRuns([mobilenetLog]);
  const p1 = await api.importProfile(ortProfile);
  const p2 = await api.importProfile(countersCsv);
  request = {
    runs: [a.id, b.id],
    profiles: [p1.id, p2.id],
    title: 'Imported A/B',
    notes: 'From the fixtures.',
  };
});

afterAll(() => {
  process.env.SPARSESCOPE_HOME = saved;
});

describe('reports of imported runs and profiles through the API', () => {
  it('previews the HTML an export writes, with the imported figures', async () => {
    const preview = await api.previewReport(request);
    expect(preview.title).toBe('Imported A/B');
    expect(preview.sections).toEqual(
      expect.arrayContaining(['machine', 'results', 'hotspots', 'compare', 'notes']),
    );
    // The benchmark_app log's own figures, read from the file here, are in the results table.
    const log = readFileSync(sparsityLog, 'utf8');
    const fps = [...log.matchAll(/Throughput:\s+([\d.]+) FPS/g)].map((m) => Number(m[1]));
    const results = htmlTable(preview.html, 'r1-measurements')!;
    const fpsCol = results.head.indexOf('FPS');
    expect(results.rows.map((r) => shownNumber(r[fpsCol]!))).toEqual(fps);
    expect(preview.html).toContain('From the fixtures.');
    expect(preview.html).not.toMatch(/<script/i);
  });

  it('reports an imported ORT profile: its total is the sum of its kernel times', async () => {
    const doc = await exportedDoc(request);
    const events = JSON.parse(readFileSync(ortProfile, 'utf8')) as Array<{
      cat?: string;
      name?: string;
      dur?: number;
    }>;
    const kernelUs = events
      .filter((e) => e.cat === 'Node' && e.name?.endsWith('_kernel_time'))
      .reduce((s, e) => s + (e.dur ?? 0), 0);
    const nodeSum = tables(doc).find((t) => t.id === 'p1-node-sum')!;
    expect(nodeSum.rows[0]![nodeSum.columns.findIndex((c) => c.key === 'total_us')]).toBe(kernelUs);
    const ops = tables(doc).find((t) => t.id === 'p1-op-types')!;
    const shares = ops.rows.map((r) => r[4] as number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(tables(doc).some((t) => t.id === 'p1-p2-op-type-delta')).toBe(true);
    expect(tables(doc).some((t) => t.id === 'r1-r2-compare')).toBe(true);
    expect(doc.inputs.map((i) => i.role)).toEqual(['A', 'B', 'A', 'B']);
  });

  it('exports every format, lists them newest first and serves their files', async () => {
    for (const format of ['html', 'csv', 'md'] as const) await api.exportReport(request, format);
    const list = await api.listReports();
    expect(list.map((r) => r.format).slice(0, 3)).toEqual(['md', 'csv', 'html']);
    const csv = list.find((r) => r.format === 'csv')!;
    const zip = unzipSync(Buffer.from((await api.getReportFile(csv.id)).base64, 'base64'));
    expect(Object.keys(zip)).toEqual(
      expect.arrayContaining(['index.csv', 'r1-results.csv', 'p1-hotspots.csv']),
    );
    expect(strFromU8(zip['r1-results.csv']!).split('\r\n')[0]).toMatch(/^point,variant,engine,/);
    const md = list.find((r) => r.format === 'md')!;
    const mdZip = unzipSync(Buffer.from((await api.getReportFile(md.id)).base64, 'base64'));
    const names = Object.keys(mdZip);
    expect(names.some((n) => n.endsWith('.md'))).toBe(true);
    expect(names.some((n) => n.endsWith('.svg'))).toBe(true);
    const html = list.find((r) => r.format === 'html')!;
    expect(readFileSync(html.path, 'utf8')).toMatch(/^<!doctype html>/);
    expect(html.request).toEqual(request);
  });

  it('keeps every one of several exports made at once', async () => {
    const made = await Promise.all([1, 2, 3].map(() => api.exportReport(request, 'json')));
    const listed = new Set((await api.listReports()).map((r) => r.id));
    for (const m of made) expect(listed.has(m.id)).toBe(true);
  });

  it('lists what was exported after a damaged index, keeping the damaged file and saying so', async () => {
    const before = await api.listReports();
    const index = path.join(home, 'reports', 'index.json');
    writeFileSync(index, '{"version": 1, "reports": [');
    api = restart();
    const after = await api.listReports();
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(
      readdirSync(path.join(home, 'reports')).some((n) => n.startsWith('index.json.damaged-')),
    ).toBe(true);
    const info = await api.getAppInfo();
    expect(info.notices.join('\n')).toMatch(/report list was damaged/);
  });

  it('saves a copy into the results folder of the settings, never over an existing file', async () => {
    const folder = path.join(home, 'exports');
    await expect(api.updateSettings({ resultsFolder: folder })).rejects.toThrow(/no such folder/);
    mkdirSync(folder);
    expect((await api.updateSettings({ resultsFolder: folder })).resultsFolder).toBe(
      realpathSync(folder),
    );
    const first = await api.exportReport(request, 'html');
    const second = await api.exportReport(request, 'html');
    expect(path.dirname(first.copy!)).toBe(realpathSync(folder));
    expect(second.copy).not.toBe(first.copy);
    expect(readFileSync(second.copy!, 'utf8')).toBe(readFileSync(second.path, 'utf8'));
    // The entry remembers its copy across restarts.
    api = restart();
    const listed = (await api.listReports()).find((r) => r.id === second.id);
    expect(listed?.copy).toBe(second.copy);
    await api.updateSettings({ resultsFolder: null });
    expect((await api.exportReport(request, 'html')).copy).toBeNull();
  });

  it('deletes a report', async () => {
    const [first] = await api.listReports();
    await api.deleteReport(first!.id);
    expect((await api.listReports()).some((r) => r.id === first!.id)).toBe(false);
    expect(existsSync(first!.path)).toBe(false);
    await expect(api.getReportFile(first!.id)).rejects.toThrow(/No report/);
  });

  it('refuses an empty request, an unknown section and an unknown run', async () => {
    await expect(api.previewReport({ runs: [], profiles: [] })).rejects.toThrow(
      /at least one run or profile/,
    );
    await expect(
      api.previewReport({ ...request, sections: ['bogus' as 'results'] }),
    ).rejects.toMatchObject({ name: 'BadRequest' });
    await expect(api.previewReport({ runs: ['no-such-run'], profiles: [] })).rejects.toThrow(
      /No run no-such-run/,
    );
  });
});
