import type { ReportDocument, ReportTable } from '../api/schemas/report';
import { chartSvg } from './svg-charts';
import { formatCell } from './table';

/** A text file of a rendered report: its name relative to the report's folder. */
export interface ReportFilePart {
  name: string;
  text: string;
}

const cellText = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function tableMd(t: ReportTable): string[] {
  const numeric = t.columns.map((c) => c.format !== 'text' && c.format !== 'bool');
  const rows = t.rows.map((row, r) =>
    row.map((v, i) => {
      const text = formatCell(v, t.columns[i]!.format);
      return cellText(t.marks?.[r]?.[i] === 'noise' && typeof v === 'number' ? `≈${text}` : text);
    }),
  );
  return [
    `**${cellText(t.title)}**`,
    '',
    `| ${t.columns.map((c) => cellText(c.label)).join(' | ')} |`,
    `| ${numeric.map((isNum) => (isNum ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(t.caption ? [`_${t.caption}_`, ''] : []),
  ];
}

/**
 * The report as Markdown: the same sections and tables (numbers rounded as in the HTML),
 * each chart an SVG file in `chartsDir` beside the .md, linked relatively.
 */
export function renderMarkdown(
  doc: ReportDocument,
  chartsDir: string,
): { markdown: string; charts: ReportFilePart[] } {
  const charts: ReportFilePart[] = [];
  const out = [
    `# ${doc.title}`,
    '',
    `Generated ${doc.generated_at.replace('T', ' ').slice(0, 19)} UTC by SparseScope ${doc.generator.sparsescope_version} (Node ${doc.generator.node}). Report format version ${doc.version}.`,
    '',
    '## Inputs',
    '',
    '| role | name | what | where |',
    '| --- | --- | --- | --- |',
    ...doc.inputs.map(
      (i) =>
        `| ${cellText(i.role ?? '')} | ${cellText(i.name)} | ${cellText(i.detail)} | ${cellText(i.path ?? i.id ?? '')} |`,
    ),
    '',
  ];
  if (doc.highlights.length) out.push('## Summary', '', ...doc.highlights.map((h) => `- ${h}`), '');
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.title) out.push(`### ${b.title}`, '');
      for (const p of b.paragraphs) out.push(p, '');
      for (const c of b.charts) {
        const name = `${chartsDir}/${c.id}.svg`;
        charts.push({ name, text: chartSvg(c) + '\n' });
        out.push(`![${c.title.replace(/[[\]]/g, '')}](${encodeURI(name)})`, '');
      }
      for (const t of b.tables) out.push(...tableMd(t));
    }
  }
  return { markdown: out.join('\n'), charts };
}
