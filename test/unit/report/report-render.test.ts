import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeReport } from '../../../core/report/build-report';
import { readReportInput } from '../../../core/report/inputs';
import { renderCsvTables } from '../../../core/report/render-csv';
import { renderHtml } from '../../../core/report/render-html';
import { renderMarkdown } from '../../../core/report/render-markdown';
import { formatCell } from '../../../core/report/table';
import { writeReportFiles } from '../../../core/report/write-report';
import { projectRoot } from '../../../core/util/paths';
import type { ReportDocument } from '../../../core/api/schemas/report';
import { cli } from '../helpers/cli';
import { parseCsv } from './report-html';

// Rendering what people type (titles, notes) and what foreign files hold, safely: the inputs
// are the captured ORT profile and the benchmark_app counters fixtures (test/fixtures/profiles).
const fixtures = path.join(projectRoot(), 'test', 'fixtures', 'profiles');
const hostile = 'A <script>alert("x")</script> | "quoted", & more';

async function doc() {
  const inputs = [
    await readReportInput(path.join(fixtures, 'ort-tiny-seq16-3runs.json')),
    await readReportInput(path.join(fixtures, 'benchmark_average_counters_report.csv')),
  ];
  return makeReport(inputs, { title: hostile, notes: hostile });
}

describe('report rendering', () => {
  it('rounds each column format to fixed digits', () => {
    expect(formatCell(1234.5678, 'fps')).toBe('1234.57');
    expect(formatCell(0.12345, 'ms')).toBe('0.123');
    expect(formatCell(1.23456, 'ratio')).toBe('1.235×');
    expect(formatCell(0.1234, 'share')).toBe('12.3%');
    expect(formatCell(2_500_000_000, 'flops')).toBe('2.500 G');
    expect(formatCell(2_500_000, 'flops')).toBe('2.500 M');
    expect(formatCell(null, 'fps')).toBe('—');
    expect(formatCell(true, 'bool')).toBe('yes');
  });

  it('escapes typed text in HTML and Markdown and quotes it in CSV', async () => {
    const d = await doc();
    const html = renderHtml(d);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const { markdown } = renderMarkdown(d, 'charts');
    expect(markdown.split('\n')[0]).toBe(`# ${hostile}`);
    const csv = renderCsvTables(d);
    expect(csv[0]!.name).toBe('index.csv');
    // Every CSV parses back to rectangular rows with the table's own header.
    for (const f of csv) {
      const rows = parseCsv(f.text);
      expect(new Set(rows.map((r) => r.length)).size, f.name).toBe(1);
    }
  });

  it('reports two imported profiles as A and B with their delta', async () => {
    const d = await doc();
    expect(d.inputs.map((i) => [i.kind, i.role])).toEqual([
      ['profile', 'A'],
      ['profile', 'B'],
    ]);
    const compare = d.sections.find((s) => s.id === 'compare')!;
    expect(compare.blocks[0]!.tables.map((t) => t.id)).toEqual([
      'p1-p2-op-type-delta',
      'p1-p2-node-delta',
    ]);
  });

  it('reports imported benchmark_app runs from the CLI as A/B, with their own figures', async () => {
    const imports = path.join(projectRoot(), 'test', 'fixtures', 'imports');
    const a = path.join(imports, 'benchmark-app-sparsity.log');
    const b = path.join(imports, 'benchmark-app-report.json');
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'report-ab-')), 'ab.json');
    const r = await cli('report', a, b, '--format', 'json', '-o', out, '--title', 'A/B');
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(readFileSync(out, 'utf8')) as ReportDocument;
    expect(d.inputs.map((i) => [i.kind, i.role, i.name])).toEqual([
      ['results', 'A', 'benchmark-app-sparsity.log'],
      ['results', 'B', 'benchmark-app-report.json'],
    ]);
    const fps = [...readFileSync(a, 'utf8').matchAll(/Throughput:\s+([\d.]+) FPS/g)].map((m) =>
      Number(m[1]),
    );
    const m = d.sections.find((s) => s.id === 'measurements')!.blocks[0]!.tables[0]!;
    const col = m.columns.findIndex((c) => c.key === 'throughput_fps');
    expect(m.rows.map((row) => row[col])).toEqual(fps);
    expect(d.sections.find((s) => s.id === 'compare')!.blocks[0]!.tables[0]!.id).toBe(
      'r1-r2-compare',
    );
  });

  it('writes Markdown and its charts whole, replacing an earlier export but nothing else', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-md-'));
    const d = await doc();
    const out = path.join(dir, 'r.md');
    await writeReportFiles(d, 'md', out, () => Promise.reject(new Error('no pdf')));
    await writeReportFiles(d, 'md', out, () => Promise.reject(new Error('no pdf')));
    expect(readdirSync(dir).sort()).toEqual(['r-charts', 'r.md']);
    expect(readdirSync(path.join(dir, 'r-charts')).every((f) => f.endsWith('.svg'))).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('](r-charts/');
  });
});
