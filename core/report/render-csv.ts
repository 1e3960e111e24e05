import { strToU8, zipSync } from 'fflate';
import type { CellValue, ReportDocument } from '../api/schemas/report';
import type { ReportFilePart } from './render-markdown';

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function field(v: CellValue): string {
  if (v === null) return '';
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (values: CellValue[]): string => values.map(field).join(',');

/**
 * Every table of the report as its own CSV file (`<table id>.csv`: a header row of column
 * keys, values unrounded), plus `index.csv` naming each file's section and title.
 */
export function renderCsvTables(doc: ReportDocument): ReportFilePart[] {
  const files: ReportFilePart[] = [];
  const index: CellValue[][] = [];
  for (const s of doc.sections)
    for (const b of s.blocks)
      for (const t of b.tables) {
        const name = `${t.id}.csv`;
        index.push([name, s.id, b.title, t.title, t.rows.length]);
        files.push({
          name,
          text: [line(t.columns.map((c) => c.key)), ...t.rows.map(line)].join('\r\n') + '\r\n',
        });
      }
  files.unshift({
    name: 'index.csv',
    text:
      [line(['file', 'section', 'part', 'title', 'rows']), ...index.map(line)].join('\r\n') +
      '\r\n',
  });
  return files;
}

/** Files as one zip (fflate), in order. */
export function zipFiles(files: readonly { name: string; text: string }[]): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.name] = strToU8(f.text);
  return zipSync(entries, { level: 6 });
}
