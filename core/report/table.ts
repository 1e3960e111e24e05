import type {
  CellMark,
  CellValue,
  ColumnFormat,
  ReportBlock,
  ReportColumn,
  ReportTable,
} from '../api/schemas/report';
import { formatBytes } from '../util/format';

/** A column as the section builders write it: [key, label, format]. */
export type ColumnSpec = readonly [key: string, label: string, format: ColumnFormat];

/** Build a table; `marks` is only kept when some cell is marked. */
export function makeTable(
  id: string,
  title: string,
  columns: readonly ColumnSpec[],
  rows: CellValue[][],
  caption: string | null = null,
  marks?: (CellMark | null)[][],
): ReportTable {
  const cols: ReportColumn[] = columns.map(([key, label, format]) => ({ key, label, format }));
  const table: ReportTable = { id, title, columns: cols, rows, caption };
  if (marks && marks.some((r) => r.some((m) => m !== null))) table.marks = marks;
  return table;
}

/** The table without those of `keys` whose every value is null (a failure column when nothing failed). */
export function withoutEmptyColumns(t: ReportTable, keys: readonly string[]): ReportTable {
  const drop = new Set(
    t.columns
      .map((c, i) => (keys.includes(c.key) && t.rows.every((r) => r[i] === null) ? i : -1))
      .filter((i) => i >= 0),
  );
  if (drop.size === 0) return t;
  const keep = <T>(row: T[]) => row.filter((_, i) => !drop.has(i));
  return {
    ...t,
    columns: keep(t.columns),
    rows: t.rows.map(keep),
    ...(t.marks ? { marks: t.marks.map(keep) } : {}),
  };
}

export function block(
  title: string | null,
  parts: Partial<Omit<ReportBlock, 'title'>> = {},
): ReportBlock {
  return {
    title,
    paragraphs: parts.paragraphs ?? [],
    tables: parts.tables ?? [],
    charts: parts.charts ?? [],
  };
}

/** The `a` of "r1-a-…": ids stay file-name safe whatever the labels hold. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'x'
  );
}

/**
 * A value as people read it in the HTML and Markdown (CSV and JSON keep the raw value). The
 * digits per format are fixed, so a reader — or a test — knows the rounding of every figure.
 */
export function formatCell(value: CellValue, format: ColumnFormat): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  switch (format) {
    case 'fps':
      return value.toFixed(2);
    case 'ms':
      return value.toFixed(3);
    case 'ratio':
      return `${value.toFixed(3)}×`;
    case 'share':
      return `${(value * 100).toFixed(1)}%`;
    case 'bytes':
      return formatBytes(value);
    case 'flops':
      return value >= 1e8 ? `${(value / 1e9).toFixed(3)} G` : `${(value / 1e6).toFixed(3)} M`;
    case 'number':
      return value.toFixed(3);
    case 'int':
    case 'text':
    case 'bool':
      return String(value);
  }
}

/** Sort rows of records by a point id the way the Results page's tables do ("seq8" before "seq16"). */
export const byNumericText: (a: string, b: string) => number = new Intl.Collator('en', {
  numeric: true,
}).compare;
