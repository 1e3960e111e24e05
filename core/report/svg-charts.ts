import type { BarsChart, LinesChart, ReportChart, ScatterChart } from '../api/schemas/report';
import { lineGeometry } from '../views/line-chart';
import { linearScale } from '../views/scale';
import { SERIES_PALETTE } from '../views/series-palette';
import { formatCell } from './table';

/**
 * A report's charts as standalone SVG (inline in the HTML, files beside the Markdown), drawn
 * on the host from the document's chart data: no script, no stylesheet — colours and fonts
 * are attributes, so each SVG looks the same in a browser, a PDF and an image viewer.
 */

const PALETTE = SERIES_PALETTE;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const INK = '#1b1f24';
const MUTED = '#5b6472';
const GRID = '#d9dde3';

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`,
  );
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

function frame(w: number, h: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeXml(title)}" ${FONT} font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Axis ticks (already in pixels) with grid lines; `vertical` for x ticks. */
function gridTicks(
  ticks: ReadonlyArray<{ value: number; at: number }>,
  from: number,
  to: number,
  vertical: boolean,
): string[] {
  return ticks.map(({ value, at }) => {
    const p = n(at);
    const label = escapeXml(String(value));
    return vertical
      ? `<line x1="${p}" x2="${p}" y1="${n(from)}" y2="${n(to)}" stroke="${GRID}"/><text x="${p}" y="${n(to + 14)}" text-anchor="middle" fill="${MUTED}">${label}</text>`
      : `<line x1="${n(from)}" x2="${n(to)}" y1="${p}" y2="${p}" stroke="${GRID}"/><text x="${n(from - 6)}" y="${n(at + 4)}" text-anchor="end" fill="${MUTED}">${label}</text>`;
  });
}

function axisLabels(
  w: number,
  h: number,
  pad: { left: number; top: number; bottom: number; right: number },
  x: string,
  y: string,
): string[] {
  const midY = pad.top + (h - pad.top - pad.bottom) / 2;
  return [
    `<text x="${n(pad.left + (w - pad.left - pad.right) / 2)}" y="${h - 6}" text-anchor="middle" fill="${INK}">${escapeXml(x)}</text>`,
    `<text x="14" y="${n(midY)}" text-anchor="middle" fill="${INK}" transform="rotate(-90 14 ${n(midY)})">${escapeXml(y)}</text>`,
  ];
}

/** Speedup against sequence length: a line per configuration, 95% intervals as whiskers, hollow dots within noise. */
function linesSvg(c: LinesChart): string {
  const W = 720;
  const legendW = 110;
  const H = 300;
  const pad = { left: 56, right: 16 + legendW, top: 16, bottom: 44 };
  const g = lineGeometry(c, { width: W, height: H, pad });
  const body = [
    ...gridTicks(g.yTicks, g.plot.left, g.plot.right, false),
    ...gridTicks(g.xTicks, g.plot.top, g.plot.bottom, true),
    ...axisLabels(W, H, pad, c.x_label, c.y_label),
  ];
  if (g.referenceAt !== null)
    body.push(
      `<line x1="${g.plot.left}" x2="${g.plot.right}" y1="${g.referenceAt}" y2="${g.referenceAt}" stroke="${MUTED}" stroke-dasharray="5 4"/>`,
    );
  g.series.forEach((s, i) => {
    body.push(`<path d="${s.path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of s.points) {
      if (p.whisker)
        body.push(
          `<path d="M${p.cx} ${p.whisker.low} V${p.whisker.high} M${n(p.cx - 3)} ${p.whisker.low} h6 M${n(p.cx - 3)} ${p.whisker.high} h6" stroke="${s.color}" stroke-width="1" opacity="0.7"/>`,
        );
      body.push(
        `<circle cx="${p.cx}" cy="${p.cy}" r="3.5" fill="${p.withinNoise ? '#ffffff' : s.color}" stroke="${s.color}" stroke-width="1.5"><title>${escapeXml(p.tip)}</title></circle>`,
      );
    }
    const ly = pad.top + 10 + i * 16;
    if (ly < H - pad.bottom)
      body.push(
        `<line x1="${W - legendW}" x2="${W - legendW + 16}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"/><text x="${W - legendW + 22}" y="${ly + 4}" fill="${INK}">${escapeXml(s.label)}</text>`,
      );
  });
  body.push(
    `<text x="${W - legendW}" y="${H - 10}" fill="${MUTED}" font-size="10">hollow: within noise</text>`,
  );
  return frame(W, H, c.title, body);
}

/** Throughput against latency; the budget as a dashed line, the best configuration large and green. */
function scatterSvg(c: ScatterChart): string {
  const W = 720;
  const H = 300;
  const pad = { left: 64, right: 16, top: 20, bottom: 40 };
  const iw = W - pad.left - pad.right;
  const ih = H - pad.top - pad.bottom;
  const x = linearScale([
    ...c.points.map((p) => p.x),
    ...(c.budget_x === null ? [] : [c.budget_x]),
  ]);
  const y = linearScale(c.points.map((p) => p.y));
  const px = (v: number) => pad.left + x.map(v, iw);
  const py = (v: number) => pad.top + ih - y.map(v, ih);
  const body = [
    ...gridTicks(
      y.ticks.map((value) => ({ value, at: py(value) })),
      pad.left,
      pad.left + iw,
      false,
    ),
    ...gridTicks(
      x.ticks.map((value) => ({ value, at: px(value) })),
      pad.top,
      pad.top + ih,
      true,
    ),
    ...axisLabels(W, H, pad, c.x_label, c.y_label),
  ];
  if (c.budget_x !== null) {
    const bx = n(px(c.budget_x));
    body.push(
      `<line x1="${bx}" x2="${bx}" y1="${pad.top}" y2="${pad.top + ih}" stroke="#b42318" stroke-dasharray="5 4"/><text x="${bx}" y="${pad.top - 6}" text-anchor="middle" fill="#b42318">budget ${c.budget_x.toFixed(3)}</text>`,
    );
  }
  const style = { outside: ['#9aa4b2', 3], inside: ['#2563eb', 4], best: ['#16a34a', 7] } as const;
  // The best last, so it is drawn on top.
  for (const p of [...c.points].sort(
    (a, b) => (a.kind === 'best' ? 1 : 0) - (b.kind === 'best' ? 1 : 0),
  )) {
    const [fill, r] = style[p.kind];
    body.push(
      `<circle cx="${n(px(p.x))}" cy="${n(py(p.y))}" r="${r}" fill="${fill}" fill-opacity="${p.kind === 'outside' ? 0.6 : 0.85}"><title>${escapeXml(`${p.label}: ${p.y.toFixed(2)} FPS, ${p.x.toFixed(3)} ms`)}</title></circle>`,
    );
  }
  return frame(W, H, c.title, body);
}

/** Horizontal bars with their values. */
function barsSvg(c: BarsChart): string {
  const W = 720;
  const rowH = 20;
  const labelW = 180;
  const valueW = 80;
  const H = 24 + c.bars.length * rowH;
  const max = Math.max(...c.bars.map((b) => b.value), 1e-12);
  const body = c.bars.map((b, i) => {
    const yTop = 12 + i * rowH;
    const w = ((W - labelW - valueW - 16) * b.value) / max;
    return [
      `<text x="${labelW - 8}" y="${yTop + 13}" text-anchor="end" fill="${INK}">${escapeXml(b.label)}</text>`,
      `<rect x="${labelW}" y="${yTop + 3}" width="${n(Math.max(w, 1))}" height="${rowH - 6}" fill="${PALETTE[0]}"/>`,
      `<text x="${n(labelW + w + 6)}" y="${yTop + 13}" fill="${MUTED}">${escapeXml(formatCell(b.value, c.format))}</text>`,
    ].join('');
  });
  return frame(W, H, c.title, body);
}

export function chartSvg(c: ReportChart): string {
  switch (c.kind) {
    case 'lines':
      return linesSvg(c);
    case 'scatter':
      return scatterSvg(c);
    case 'bars':
      return barsSvg(c);
  }
}
