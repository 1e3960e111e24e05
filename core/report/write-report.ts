import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../api/errors';
import type { ReportFormat } from '../api/names';
import type { ReportDocument } from '../api/schemas/report';
import { writeFileAtomic, writeFileAtomicSync } from '../util/atomic-write';
import type { ReportFilePart } from './render-markdown';
import { chartsDirOf, renderReport, type PdfPrinter } from './render-report';

/** What `writeReportFiles` wrote, for the CLI to print. */
export interface WrittenReport {
  /** The files and folders written, main file first. */
  paths: string[];
}

/**
 * Put a folder in place whole: its files go into a temp folder beside it, which then replaces
 * the target by rename. A target that exists must be a folder holding only files with the
 * given extensions (an earlier export), so nothing of the user's is ever replaced.
 */
function writeFolderAtomic(target: string, files: readonly ReportFilePart[], ours: RegExp): void {
  if (existsSync(target)) {
    if (!statSync(target).isDirectory())
      throw new UserError('WriteFailed', `Cannot write ${target}: it exists and is not a folder.`);
    const foreign = readdirSync(target).filter((n) => !ours.test(n));
    if (foreign.length)
      throw new UserError(
        'WriteFailed',
        `Cannot write ${target}: the folder holds files a report did not write (${foreign.slice(0, 3).join(', ')}).`,
        'Choose another output path, or empty the folder.',
      );
  }
  const parent = path.dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new UserError('WriteFailed', `Cannot write ${target}: folder ${parent} does not exist.`);
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.${tag}.tmp`);
  const old = path.join(parent, `.${path.basename(target)}.${tag}.old`);
  try {
    mkdirSync(tmp);
    for (const f of files) writeFileAtomicSync(path.join(tmp, path.basename(f.name)), f.text);
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) renameSync(old, target);
    if (err instanceof UserError) throw err;
    throw new UserError('WriteFailed', `Cannot write ${target}.`, (err as Error).message);
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * Write a report to `out` in a format, whole or not at all:
 * - html, pdf, json: the one file, atomically;
 * - csv: `out` ending in .zip gets a zip of every table, anything else a folder of CSV files;
 * - md: `out` (.md) and its charts as SVG files in `<name>-charts/` beside it.
 */
export async function writeReportFiles(
  doc: ReportDocument,
  format: ReportFormat,
  out: string,
  printPdf: PdfPrinter,
): Promise<WrittenReport> {
  const target = path.resolve(out);
  const ext = path.extname(target).toLowerCase();
  const base = path.basename(target, path.extname(target));
  const rendered = await renderReport(doc, format, base, printPdf);
  if (format === 'csv' && ext !== '.zip') {
    writeFolderAtomic(target, rendered.parts!, /\.csv$/);
    return { paths: [target] };
  }
  if (format === 'md') {
    const [md, ...charts] = rendered.parts!;
    const chartsDir = path.join(path.dirname(target), chartsDirOf(base));
    if (charts.length) writeFolderAtomic(chartsDir, charts, /\.svg$/);
    try {
      await writeFileAtomic(target, md!.text);
    } catch (err) {
      if (charts.length) rmSync(chartsDir, { recursive: true, force: true });
      throw err;
    }
    return { paths: charts.length ? [target, chartsDir] : [target] };
  }
  await writeFileAtomic(target, rendered.bytes);
  return { paths: [target] };
}
