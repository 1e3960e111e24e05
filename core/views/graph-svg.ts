/**
 * Draws a Scene as SVG markup: the window's visible part (the Graph area re-draws only what
 * is on screen) or a whole standalone document (Export SVG, `sparsescope graph`). One
 * drawing function for both, so an exported file looks exactly like the screen. Colours are
 * presentation attributes (no inline styles), so the markup also passes a strict CSP.
 */
import type { HeatCell, HeatLegend } from './graph-heat';
import { BOX } from './graph-labels';
import type { Scene, SceneEdge, SceneFrame, SceneNode } from './graph-scene';
import { categoryColor, graphPalette, type GraphTheme } from './graph-style';
import { fitText, GRAPH_FONT_FAMILY, textWidth, xmlEscape as esc } from './graph-text';

export interface DrawStyle {
  theme: GraphTheme;
  /** Heat colours by graph node id and by group id; null = no overlay. */
  heat: { nodes: ReadonlyMap<string, HeatCell>; groups: ReadonlyMap<string, HeatCell> } | null;
  /** Scene keys drawn highlighted. */
  selected?: string | null;
  related?: ReadonlySet<string>;
  found?: ReadonlySet<string>;
  /** Screen markup: boxes are buttons with names and keys (event delegation reads data-key). */
  interactive?: boolean;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const r1 = (v: number): string => String(Math.round(v * 10) / 10);

function nodeLabel(n: SceneNode): string {
  if (n.kind === 'op') return `${n.box.title} ${n.name}`;
  if (n.kind === 'group') return `Group ${n.name}, ${n.box.subtitle ?? ''}: expand`;
  if (n.kind === 'input') return `Graph input ${n.name}`;
  if (n.kind === 'output') return `Graph output ${n.name}`;
  return `Value ${n.name}`;
}

/** The heat cell of a box (ops and groups carry one), if the style has an overlay. */
export function heatCellOf(n: SceneNode, s: DrawStyle): HeatCell | undefined {
  if (!s.heat) return undefined;
  return n.kind === 'group'
    ? s.heat.groups.get(n.ref)
    : n.kind === 'op'
      ? s.heat.nodes.get(n.ref)
      : undefined;
}

/** The outline colour of a selected, found or related box; null for the others. */
export function highlightOf(n: SceneNode, s: DrawStyle): string | null {
  const p = graphPalette(s.theme);
  if (s.selected === n.key) return p.selected;
  if (s.found?.has(n.key)) return p.found;
  return s.related?.has(n.key) ? p.related : null;
}

function drawNode(n: SceneNode, s: DrawStyle): string {
  const p = graphPalette(s.theme);
  const { x, y, box } = n;
  const w = box.width;
  const h = box.height;
  const cell = heatCellOf(n, s);
  const highlight = highlightOf(n, s);
  const stroke = highlight
    ? ` stroke="${highlight}" stroke-width="2.5"`
    : ` stroke="${p.nodeStroke}" stroke-width="1"`;
  const attrs = s.interactive
    ? ` data-key="${esc(n.key)}" role="button" tabindex="0" aria-label="${esc(nodeLabel(n))}"`
    : '';
  const out: string[] = [`<g class="gv-node gv-${n.kind}"${attrs}><title>${esc(n.name)}</title>`];
  const text = (tx: number, ty: number, t: string, fill: string, opts = '') =>
    `<text x="${r1(tx)}" y="${r1(ty)}" fill="${fill}"${opts}>${esc(t)}</text>`;
  if (n.kind === 'input' || n.kind === 'output') {
    out.push(
      `<rect x="${r1(x)}" y="${r1(y)}" width="${w}" height="${h}" rx="10" fill="${categoryColor('io', s.theme)}"${stroke}/>`,
    );
    out.push(
      text(x + w / 2, y + 15, box.title, p.headerText, ' font-weight="bold" text-anchor="middle"'),
    );
    if (box.subtitle)
      out.push(
        text(x + w / 2, y + 28, box.subtitle, p.headerText, ' text-anchor="middle" font-size="10"'),
      );
  } else if (n.kind === 'chip') {
    out.push(
      `<rect x="${r1(x)}" y="${r1(y)}" width="${w}" height="${h}" rx="9" fill="${p.nodeFill}" stroke="${highlight ?? p.frameStroke}" stroke-dasharray="3 2"/>`,
    );
    out.push(text(x + 6, y + 12.5, box.title, p.muted, ' font-size="10"'));
  } else {
    const header = cell
      ? (cell.color ?? p.dimmed)
      : s.heat && n.kind === 'op'
        ? p.dimmed
        : n.kind === 'group'
          ? categoryColor('other', s.theme)
          : categoryColor(box.category, s.theme);
    const headerText = s.heat && !cell?.color ? p.muted : p.headerText;
    if (n.kind === 'group') {
      // Stacked sheets (below right, clear of the edge coming in at the top): a collapsed group
      // stands for several blocks of nodes.
      out.push(
        `<rect x="${r1(x + 8)}" y="${r1(y + 8)}" width="${w}" height="${h}" rx="4" fill="${p.nodeFill}" stroke="${p.nodeStroke}"/>`,
      );
      out.push(
        `<rect x="${r1(x + 4)}" y="${r1(y + 4)}" width="${w}" height="${h}" rx="4" fill="${p.nodeFill}" stroke="${p.nodeStroke}"/>`,
      );
    }
    out.push(
      `<rect x="${r1(x)}" y="${r1(y)}" width="${w}" height="${h}" rx="4" fill="${p.nodeFill}"${stroke}/>`,
    );
    // The coloured band holds the title (and an op's name); a group's detail line is below it.
    const band = BOX.header + (box.subtitle && n.kind === 'op' ? BOX.row : 0);
    const hh = n.kind === 'group' ? BOX.header + BOX.row + 6 : band;
    out.push(
      `<path d="M${r1(x)} ${r1(y + band)}V${r1(y + 4)}q0 -4 4 -4H${r1(x + w - 4)}q4 0 4 4V${r1(y + band)}Z" fill="${header}"/>`,
    );
    if (cell)
      out.push(
        `<rect x="${r1(x)}" y="${r1(y + 2)}" width="4" height="${band - 2}" fill="${categoryColor(box.category, s.theme)}"/>`,
      );
    out.push(
      text(
        x + w / 2,
        y + 14,
        box.title,
        headerText,
        ` font-weight="bold" text-anchor="middle" font-size="${BOX.headerFont}"`,
      ),
    );
    if (n.kind === 'group') {
      out.push(
        text(x + w - 10, y + 14, '+', headerText, ' font-weight="bold" text-anchor="middle"'),
      );
      out.push(
        text(
          x + w / 2,
          y + BOX.header + 13,
          fitText(
            cell ? `${box.subtitle} · ${cell.text}` : (box.subtitle ?? ''),
            BOX.font,
            w - 2 * BOX.padX,
          ),
          p.text,
          ' text-anchor="middle"',
        ),
      );
    } else if (box.subtitle)
      out.push(
        text(x + w / 2, y + BOX.header + 11, box.subtitle, headerText, ' text-anchor="middle"'),
      );
    box.rows.forEach((row, i) => {
      const ty = y + hh + (n.kind === 'group' ? 0 : BOX.padY) + 10.5 + i * BOX.row;
      out.push(
        `<text x="${r1(x + BOX.padX)}" y="${r1(ty)}" fill="${p.text}"><tspan font-weight="bold">${esc(row.key)}</tspan> ${esc(row.value)}</text>`,
      );
    });
  }
  out.push('</g>');
  return out.join('');
}

function drawFrame(f: SceneFrame, s: DrawStyle): string {
  const p = graphPalette(s.theme);
  const attrs = s.interactive
    ? ` data-key="frame:${esc(f.group)}" role="button" tabindex="0" aria-label="Group ${esc(f.title)}: collapse"`
    : '';
  return (
    `<g class="gv-frame"${attrs}><rect x="${r1(f.x)}" y="${r1(f.y)}" width="${r1(f.width)}" height="${r1(f.height)}" rx="6" fill="${p.frameFill}" stroke="${p.frameStroke}" stroke-dasharray="5 3"/>` +
    `<text x="${r1(f.x + 8)}" y="${r1(f.y + 15)}" fill="${p.muted}" font-weight="bold">${esc(f.title)}</text>` +
    `<text x="${r1(f.x + f.width - 12)}" y="${r1(f.y + 15)}" fill="${p.muted}" font-weight="bold" text-anchor="middle">−</text></g>`
  );
}

/** A smooth path through dagre's bend points (quadratic pieces through their midpoints). */
function edgePath(pts: number[]): string {
  if (pts.length < 4) return '';
  let d = `M${r1(pts[0]!)} ${r1(pts[1]!)}`;
  const n = pts.length / 2;
  for (let i = 1; i < n - 1; i++) {
    const x = pts[2 * i]!;
    const y = pts[2 * i + 1]!;
    const mx = (x + pts[2 * i + 2]!) / 2;
    const my = (y + pts[2 * i + 3]!) / 2;
    d += `Q${r1(x)} ${r1(y)} ${r1(mx)} ${r1(my)}`;
  }
  return `${d}L${r1(pts[2 * n - 2]!)} ${r1(pts[2 * n - 1]!)}`;
}

function drawEdge(e: SceneEdge, s: DrawStyle): string {
  const d = edgePath(e.points);
  return d
    ? `<path d="${d}" fill="none" stroke="${graphPalette(s.theme).edge}" stroke-width="1.2" marker-end="url(#gv-arrow)"/>`
    : '';
}

/** An edge's dtype and shape beside its middle, haloed so it reads over crossing lines. */
function drawEdgeLabel(e: SceneEdge, s: DrawStyle): string {
  if (!e.label || e.points.length < 4) return '';
  const p = graphPalette(s.theme);
  const mid = Math.floor(e.points.length / 4) * 2;
  return `<text x="${r1(e.points[mid]! + 4)}" y="${r1(e.points[mid + 1]! + 3)}" fill="${p.edgeLabel}" font-size="9.5" stroke="${p.nodeFill}" stroke-width="3" paint-order="stroke">${esc(e.label)}</text>`;
}

const nodeHit = (n: SceneNode, w: Rect) =>
  n.x <= w.x1 && n.x + n.box.width >= w.x0 && n.y - 6 <= w.y1 && n.y + n.box.height >= w.y0;
const frameHit = (f: SceneFrame, w: Rect) =>
  f.x <= w.x1 && f.x + f.width >= w.x0 && f.y <= w.y1 && f.y + f.height >= w.y0;

function edgeHit(e: SceneEdge, w: Rect): boolean {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < e.points.length; i += 2) {
    x0 = Math.min(x0, e.points[i]!);
    x1 = Math.max(x1, e.points[i]!);
    y0 = Math.min(y0, e.points[i + 1]!);
    y1 = Math.max(y1, e.points[i + 1]!);
  }
  return x0 <= w.x1 && x1 >= w.x0 && y0 <= w.y1 && y1 >= w.y0;
}

/** The shared definitions: the arrowhead. */
export function svgDefs(theme: GraphTheme): string {
  const p = graphPalette(theme);
  return `<defs><marker id="gv-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 1L10 5L0 9z" fill="${p.edge}"/></marker></defs>`;
}

/** Frames, edges, edge labels and boxes (in that order) inside `window`, or all. */
export function svgItems(scene: Scene, style: DrawStyle, window?: Rect): string {
  const out: string[] = [];
  for (const f of scene.frames) if (!window || frameHit(f, window)) out.push(drawFrame(f, style));
  const edges = scene.edges.filter((e) => !window || edgeHit(e, window));
  for (const e of edges) out.push(drawEdge(e, style));
  // Labels over every line (haloed), under the boxes: a box's own text always reads.
  for (const e of edges) out.push(drawEdgeLabel(e, style));
  for (const n of scene.nodes) if (!window || nodeHit(n, window)) out.push(drawNode(n, style));
  return out.join('');
}

function drawLegend(legend: HeatLegend, x: number, y: number, theme: GraphTheme): string {
  const p = graphPalette(theme);
  const sw = 56;
  const width = Math.max(textWidth(legend.title, 11, true) + 16, legend.stops.length * sw + 16);
  const parts = [
    `<g class="gv-legend"><rect x="${x}" y="${y}" width="${r1(width)}" height="52" rx="4" fill="${p.nodeFill}" stroke="${p.nodeStroke}"/>`,
    `<text x="${x + 8}" y="${y + 15}" fill="${p.text}" font-weight="bold">${esc(legend.title)}${legend.scale === 'log' ? ' (log scale)' : ''}</text>`,
  ];
  legend.stops.forEach((stop, i) => {
    parts.push(
      `<rect x="${x + 8 + i * sw}" y="${y + 22}" width="${sw}" height="10" fill="${stop.color}"/>`,
    );
    parts.push(
      `<text x="${x + 8 + i * sw}" y="${y + 45}" fill="${p.muted}" font-size="9.5">${esc(stop.label)}</text>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}

/** Scenes stacked one above the other (a model's main graph and its subgraphs), with titles. */
export function svgDocument(
  panels: { title: string; scene: Scene; heat?: DrawStyle['heat'] }[],
  style: DrawStyle,
  legend: HeatLegend | null = null,
): string {
  const p = graphPalette(style.theme);
  const top = legend ? 70 : 0;
  let y = top;
  let width = legend ? 400 : 200;
  const body: string[] = [];
  for (const { title, scene, heat } of panels) {
    body.push(
      `<text x="16" y="${y + 20}" fill="${p.text}" font-weight="bold" font-size="13">${esc(title)}</text>`,
    );
    body.push(
      `<g transform="translate(0 ${y + 28})">${svgItems(scene, { ...style, heat: heat ?? style.heat, interactive: false })}</g>`,
    );
    y += 28 + scene.height + 12;
    width = Math.max(width, scene.width, textWidth(title, 13, true) + 32);
  }
  const height = Math.ceil(y);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${height}" viewBox="0 0 ${Math.ceil(width)} ${height}" font-family="${esc(GRAPH_FONT_FAMILY)}" font-size="${BOX.font}">`,
    svgDefs(style.theme),
    `<rect width="100%" height="100%" fill="${p.background}"/>`,
    legend ? drawLegend(legend, 16, 12, style.theme) : '',
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
