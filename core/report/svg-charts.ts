import type { BarsChart, LinesChart, ReportChart, ScatterChart } from '../api/schemas/report';
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

/** Axis ticks with grid lines; `vertical` for x ticks. */
function gridTicks(
  ticks: number[],
  at: (t: number) => number,
  from: number,
  to: number,
  vertical: boolean,
  label: (t: number) => string,
): string[] {
  return ticks.map((t) => {
    const p = n(at(t));
    return vertical
      ? `<line x1="${p}" x2="${p}" y1="${n(from)}" y2="${n(to)}" stroke="${GRID}"/><text x="${p}" y="${n(to + 14)}" text-anchor="middle" fill="${MUTED}">${escapeXml(label(t))}</text>`
      : `<line x1="${n(from)}" x2="${n(to)}" y1="${p}" y2="${p}" stroke="${GRID}"/><text x="${n(from - 6)}" y="${n(at(t) + 4)}" text-anchor="end" fill="${MUTED}">${escapeXml(label(t))}</text>`;
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
  const iw = W - pad.left - pad.right;
  const ih = H - pad.top - pad.bottom;
  const pts = c.series.flatMap((s) => s.points);
  const xsAll = [...new Set(pts.map((p) => p.x))].sort((a, b) => a - b);
  const tx = (v: number) => (c.x_log ? Math.log(Math.max(v, 1e-9)) : v);
  // Intervals widen the axis up to twice the points' range; a longer whisker is cut at the
  // edge (its tooltip keeps the numbers), so one wild interval cannot flatten every line.
  const ys = pts.map((p) => p.y);
  if (c.reference_y !== null) ys.push(c.reference_y);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const span = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-9);
  const lows = pts.flatMap((p) => (p.ci ? [p.ci.low] : []));
  const highs = pts.flatMap((p) => (p.ci ? [p.ci.high] : []));
  const y = linearScale([
    ...ys,
    Math.max(Math.min(...lows, lo), lo - span, 0),
    Math.min(Math.max(...highs, hi), hi + span),
  ]);
  const clampY = (v: number) => Math.min(Math.max(v, y.domain[0]), y.domain[1]);
  const px = (v: number) =>
    pad.left +
    (xsAll.length === 1
      ? iw / 2
      : ((tx(v) - tx(xsAll[0]!)) / (tx(xsAll.at(-1)!) - tx(xsAll[0]!))) * iw);
  const py = (v: number) => pad.top + ih - y.map(v, ih);
  const step = Math.max(1, Math.ceil(xsAll.length / 12));
  const body = [
    ...gridTicks(y.ticks, py, pad.left, pad.left + iw, false, (t) => String(t)),
    ...gridTicks(
      xsAll.filter((_, i) => i % step === 0),
      px,
      pad.top,
      pad.top + ih,
      true,
      (t) => String(t),
    ),
    ...axisLabels(W, H, pad, c.x_label, c.y_label),
  ];
  if (c.reference_y !== null)
    body.push(
      `<line x1="${pad.left}" x2="${pad.left + iw}" y1="${n(py(c.reference_y))}" y2="${n(py(c.reference_y))}" stroke="${MUTED}" stroke-dasharray="5 4"/>`,
    );
  c.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const path = s.points.map((p, k) => `${k ? 'L' : 'M'}${n(px(p.x))} ${n(py(p.y))}`).join(' ');
    body.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) {
      const cx = n(px(p.x));
      if (p.ci)
        body.push(
          `<path d="M${cx} ${n(py(clampY(p.ci.low)))} V${n(py(clampY(p.ci.high)))} M${n(px(p.x) - 3)} ${n(py(clampY(p.ci.low)))} h6 M${n(px(p.x) - 3)} ${n(py(clampY(p.ci.high)))} h6" stroke="${color}" stroke-width="1" opacity="0.7"/>`,
        );
      const tip = `${s.label}, ${c.x_label} ${p.x}: ${p.y.toFixed(3)}${p.ci ? ` (95% CI ${p.ci.low.toFixed(3)}–${p.ci.high.toFixed(3)})` : ''}${p.within_noise ? ', within noise' : ''}`;
      body.push(
        `<circle cx="${cx}" cy="${n(py(p.y))}" r="3.5" fill="${p.within_noise ? '#ffffff' : color}" stroke="${color}" stroke-width="1.5"><title>${escapeXml(tip)}</title></circle>`,
      );
    }
    const ly = pad.top + 10 + i * 16;
    if (ly < H - pad.bottom)
      body.push(
        `<line x1="${W - legendW}" x2="${W - legendW + 16}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/><text x="${W - legendW + 22}" y="${ly + 4}" fill="${INK}">${escapeXml(s.label)}</text>`,
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
    ...gridTicks(y.ticks, py, pad.left, pad.left + iw, false, (t) => String(t)),
    ...gridTicks(x.ticks, px, pad.top, pad.top + ih, true, (t) => String(t)),
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
