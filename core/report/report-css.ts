/**
 * The report's own stylesheet, inlined into every HTML report: light only (a report looks the
 * same whatever the app's theme or the reader's), A4 print rules, colours kept when printing.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #ffffff; color: #1b1f24; }
body {
  margin: 0 auto; max-width: 1100px; padding: 24px 28px 48px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d9dde3; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
.meta, .caption, figcaption { color: #5b6472; font-size: 12px; }
.highlights li { margin: 3px 0; }
nav ol { columns: 2; margin: 4px 0; }
a { color: #0b6bcb; }
.table-wrap { overflow-x: auto; margin: 8px 0 4px; }
table.data { border-collapse: collapse; font-size: 12px; min-width: 40%; }
table.data caption { text-align: left; font-weight: 600; padding: 4px 0; color: #1b1f24; }
table.data th, table.data td { border: 1px solid #d9dde3; padding: 3px 6px; vertical-align: top; }
table.data th { background: #f1f3f6; text-align: left; font-weight: 600; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.noise { background: #eceef1; color: #5b6472; }
table.data td.best { font-weight: 700; background: #dff3e4; }
table.data td.empty { color: #5b6472; font-style: italic; }
table.data td.path { word-break: break-all; }
table.data tbody tr:nth-child(even) td:not(.noise):not(.best):not([style]) { background: #fafbfc; }
figure { margin: 10px 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #eceef1; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .highlights li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  table.data { font-size: 8.5pt; max-width: 100%; }
  table.data.wide { font-size: 6.5pt; width: 100%; }
  table.data.wide td { white-space: normal; overflow-wrap: anywhere; }
  table.data.wide th { white-space: normal; overflow-wrap: normal; }
  table.data th, table.data td { padding: 1px 3px; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;
