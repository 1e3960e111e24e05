/**
 * Reading a report back, as a reader without SparseScope would: tables out of the HTML (by
 * their id), CSV files out of the zip. Deliberately independent of core/report's renderers.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e) => ENTITIES[e]!);
const text = (cell: string): string => unescape(cell.replace(/<[^>]*>/g, '')).trim();

/** Header labels and cell texts of the table `<table id="t-ID">`; null when there is none. */
export function htmlTable(html: string, id: string): { head: string[]; rows: string[][] } | null {
  const start = html.indexOf(`<table id="t-${id}"`);
  if (start < 0) return null;
  const end = html.indexOf('</table>', start);
  const body = html.slice(start, end);
  const head = [...body.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]!));
  const tbody = body.slice(body.indexOf('<tbody>'));
  const rows = [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!)),
  );
  return { head, rows };
}

/** A shown figure as a number: "≈1.234×", "12.50", "45.0%" → 1.234, 12.5, 0.45; null for "—". */
export function shownNumber(cell: string): number | null {
  if (cell === '—') return null;
  const percent = cell.endsWith('%');
  const v = Number(cell.replace(/^≈/, '').replace(/[×%]$/, ''));
  if (!Number.isFinite(v)) throw new Error(`not a number: "${cell}"`);
  return percent ? v / 100 : v;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of strings. */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Median as people define it (mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
