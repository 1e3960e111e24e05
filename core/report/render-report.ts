import { strToU8 } from 'fflate';
import type { ReportFormat } from '../api/names';
import type { ReportDocument } from '../api/schemas/report';
import { renderCsvTables, zipFiles } from './render-csv';
import { renderHtml } from './render-html';
import { renderMarkdown, type ReportFilePart } from './render-markdown';

/** Prints a report's HTML to PDF: headless Chromium (CLI, web host) or Electron's printToPDF. */
export type PdfPrinter = (html: string) => Promise<Uint8Array>;

/**
 * How every report PDF is printed, by Chromium and by Electron alike: the report's own @page
 * size and margins (A4), backgrounds kept (heatmap colours), page n / m in the footer.
 */
export const PDF_PRINT_OPTIONS = {
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="width:100%;font-size:8px;color:#5b6472;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
} as const;

export interface RenderedReport {
  /** The one file people download: HTML, PDF, JSON, or a zip (CSV tables; Markdown with its charts). */
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  /** CSV and Markdown as separate files, for writing into a folder; null for one-file formats. */
  parts: ReportFilePart[] | null;
}

export const REPORT_MIME_TYPES: Record<ReportFormat, string> = {
  html: 'text/html',
  pdf: 'application/pdf',
  csv: 'application/zip',
  json: 'application/json',
  md: 'application/zip',
};

/** Where the Markdown's chart SVGs go, beside `<base>.md`. */
export const chartsDirOf = (base: string): string => `${base}-charts`;

/** Render a report document in one format; `base` names the files ("report" → report.html …). */
export async function renderReport(
  doc: ReportDocument,
  format: ReportFormat,
  base: string,
  printPdf: PdfPrinter,
): Promise<RenderedReport> {
  const mimeType = REPORT_MIME_TYPES[format];
  switch (format) {
    case 'html':
      return { fileName: `${base}.html`, mimeType, bytes: strToU8(renderHtml(doc)), parts: null };
    case 'pdf':
      return {
        fileName: `${base}.pdf`,
        mimeType,
        bytes: await printPdf(renderHtml(doc)),
        parts: null,
      };
    case 'json':
      return {
        fileName: `${base}.json`,
        mimeType,
        bytes: strToU8(JSON.stringify(doc, null, 2) + '\n'),
        parts: null,
      };
    case 'csv': {
      const parts = renderCsvTables(doc);
      return { fileName: `${base}-tables.zip`, mimeType, bytes: zipFiles(parts), parts };
    }
    case 'md': {
      const { markdown, charts } = renderMarkdown(doc, chartsDirOf(base));
      const parts = [{ name: `${base}.md`, text: markdown }, ...charts];
      return { fileName: `${base}-markdown.zip`, mimeType, bytes: zipFiles(parts), parts };
    }
  }
}
