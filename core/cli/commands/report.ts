import { REPORT_FORMATS, REPORT_SECTIONS, type ReportSection } from '../../api/names';
import { makeReport } from '../../report/build-report';
import { readReportInput, type ReportInput } from '../../report/inputs';
import { chromiumPdf } from '../../report/pdf-chromium';
import { writeReportFiles } from '../../report/write-report';
import { UsageError, type Command } from '../command';
import { choiceFlag, numberFlag, requiredString } from '../flags';

const USAGE = `sparsescope report INPUT... --format html|pdf|csv|json|md -o FILE [--sections LIST] [--title T] [--budget-ms N] [--notes TEXT]

  A report that stands alone: machine, models (size, parameters, sparsity per linear weight,
  FLOPs — while the model files are still there), configs, results, speedup tables and
  charts, the best configuration under a latency budget, measurement noise, hotspots and
  op-type breakdown of profiles, and every measurement.

  INPUT: a sweep folder, a run JSON (\`sparsescope bench --json\`), a profile JSON
  (\`sparsescope profile --json\`), benchmark_app logs / CSV / JSON or DeepSparse JSON
  results, an ORT profile, benchmark_app counters or an OpenVINO execution graph. Several
  runs (or profiles) make an A/B report, the first being A.

  --format   html: one self-contained file (inline CSS and SVG, no script); pdf: printed by
             headless Chromium ($SPARSESCOPE_CHROMIUM or /usr/bin/chromium); csv: FILE.zip holds
             every table, any other FILE becomes a folder of CSV files; json: the report
             document; md: Markdown with its charts as SVG files in NAME-charts/ beside it.
  --sections comma-separated, any of: ${REPORT_SECTIONS.join(', ')} (default all).
  --budget-ms  latency budget of the sweet spot (default: the middle of the measured range).

  Nothing is written unless every input reads and the whole report renders.`;

export function sectionsFlag(raw: unknown): ReportSection[] | undefined {
  if (raw === undefined) return undefined;
  const list = String(raw)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(REPORT_SECTIONS as readonly string[]).includes(s));
  if (unknown.length || list.length === 0)
    throw new UsageError(
      `--sections expects a comma-separated list of ${REPORT_SECTIONS.join(', ')}; ${unknown.length ? `unknown: ${unknown.join(', ')}` : 'got none'}.`,
    );
  return list as ReportSection[];
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'Export a report (HTML, PDF, CSV, JSON, Markdown) of sweeps, runs and profiles',
  usage: USAGE,
  positionals: true,
  options: {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    sections: { type: 'string' },
    title: { type: 'string' },
    'budget-ms': { type: 'string' },
    notes: { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals.length === 0)
      throw new UsageError('give at least one INPUT: a sweep folder, a run, a profile or results.');
    const format = choiceFlag(values, 'format', REPORT_FORMATS);
    const out = requiredString(values, 'output', '-o FILE');
    const sections = sectionsFlag(values.sections);
    const budgetMs = numberFlag(values, 'budget-ms', { min: 0 });
    // Every input is read (and refused) before anything is rendered or written.
    const inputs: ReportInput[] = [];
    for (const p of positionals) inputs.push(await readReportInput(p));
    const doc = await makeReport(inputs, {
      sections,
      title: typeof values.title === 'string' ? values.title : null,
      budgetMs: budgetMs ?? null,
      notes: typeof values.notes === 'string' ? values.notes : null,
    });
    const written = await writeReportFiles(doc, format, out, chromiumPdf);
    io.stdout(
      `report: ${doc.sections.length} section(s) from ${inputs.length} input(s) → ${written.paths.join(', ')}\n`,
    );
    for (const h of doc.highlights) io.stdout(`  ${h}\n`);
    return 0;
  },
};
