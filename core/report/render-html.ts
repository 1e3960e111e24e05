import type { ReportBlock, ReportDocument, ReportTable } from '../api/schemas/report';
import { speedupColor } from '../views/speedup-views';
import { REPORT_CSS } from './report-css';
import { chartSvg, escapeXml as esc } from './svg-charts';
import { formatCell } from './table';

/**
 * The report as one self-contained HTML file: inline CSS, charts as inline SVG drawn here, no
 * script and nothing fetched — it opens anywhere, prints cleanly (A4, page breaks between
 * rows, not inside them) and looks the same whatever the app's theme. The live preview in
 * the Export dialog shows exactly this text.
 */

/** Tables with this many columns print in a smaller font so they fit the page. */
const WIDE_TABLE_COLUMNS = 10;

function tableHtml(t: ReportTable): string {
  const numeric = t.columns.map((c) => c.format !== 'text' && c.format !== 'bool');
  const head = t.columns
    .map((c, i) => `<th scope="col"${numeric[i] ? ' class="num"' : ''}>${esc(c.label)}</th>`)
    .join('');
  const body = t.rows
    .map((row, r) => {
      const cells = row.map((v, i) => {
        const col = t.columns[i]!;
        const mark = t.marks?.[r]?.[i] ?? null;
        const classes = [numeric[i] ? 'num' : null, mark].filter(Boolean).join(' ');
        let text = formatCell(v, col.format);
        let style = '';
        if (mark === 'noise' && typeof v === 'number') text = `≈${text}`;
        if (mark === 'heat' && typeof v === 'number' && v > 0)
          style = ` style="background:${speedupColor(v)}"`;
        return `<td${classes ? ` class="${classes}"` : ''}${style}>${esc(text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const wide = t.columns.length >= WIDE_TABLE_COLUMNS ? ' wide' : '';
  return [
    `<div class="table-wrap"><table id="t-${t.id}" class="data${wide}">`,
    `<caption>${esc(t.title)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body || `<tr><td colspan="${t.columns.length}" class="empty">no rows</td></tr>`}\n</tbody>`,
    '</table></div>',
    t.caption ? `<p class="caption">${esc(t.caption)}</p>` : '',
  ].join('\n');
}

function blockHtml(b: ReportBlock): string {
  return [
    '<div class="block">',
    b.title ? `<h3>${esc(b.title)}</h3>` : '',
    ...b.paragraphs.map((p) => `<p>${esc(p)}</p>`),
    ...b.charts.map(
      (c) =>
        `<figure id="c-${c.id}">${chartSvg(c)}<figcaption>${esc(c.title)}</figcaption></figure>`,
    ),
    ...b.tables.map(tableHtml),
    '</div>',
  ].join('\n');
}

export function renderHtml(doc: ReportDocument): string {
  const inputs = doc.inputs
    .map(
      (i) =>
        `<tr><td>${esc(i.role ?? '')}</td><td>${esc(i.name)}</td><td>${esc(i.detail)}</td><td class="path">${esc(i.path ?? i.id ?? '')}</td></tr>`,
    )
    .join('\n');
  const toc = doc.sections.map((s) => `<li><a href="#s-${s.id}">${esc(s.title)}</a></li>`).join('');
  const sections = doc.sections.map((s) =>
    [
      `<section id="s-${s.id}">`,
      `<h2>${esc(s.title)}</h2>`,
      ...s.blocks.map(blockHtml),
      '</section>',
    ].join('\n'),
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<meta name="generator" content="SparseScope ${esc(doc.generator.sparsescope_version)}">`,
    `<title>${esc(doc.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${esc(doc.title)}</h1>`,
    `<p class="meta">Generated ${esc(doc.generated_at.replace('T', ' ').slice(0, 19))} UTC by SparseScope ${esc(doc.generator.sparsescope_version)} (Node ${esc(doc.generator.node)}). Report format version ${doc.version}.</p>`,
    '</header>',
    '<section id="s-inputs">',
    '<h2>Inputs</h2>',
    `<div class="table-wrap"><table class="data inputs"><thead><tr><th scope="col">role</th><th scope="col">name</th><th scope="col">what</th><th scope="col">where</th></tr></thead><tbody>\n${inputs}\n</tbody></table></div>`,
    '</section>',
    doc.highlights.length
      ? `<section id="s-summary"><h2>Summary</h2><ul class="highlights">${doc.highlights.map((h) => `<li>${esc(h)}</li>`).join('')}</ul></section>`
      : '',
    toc ? `<nav aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>` : '',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
