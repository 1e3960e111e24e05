import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Scene, SceneNode } from '../../../../core/views/graph-scene';
import { categoryColor, graphPalette } from '../../../../core/views/graph-style';
import {
  heatCellOf,
  highlightOf,
  svgDefs,
  svgItems,
  type DrawStyle,
  type Rect,
} from '../../../../core/views/graph-svg';
import { GRAPH_FONT_FAMILY } from '../../../../core/views/graph-text';

/** Below this zoom, or with more boxes than this on screen, boxes are drawn on a canvas. */
const TEXT_ZOOM = 0.33;
const MAX_SVG_BOXES = 800;
const MIN_ZOOM = 0.01;
const MAX_ZOOM = 4;
const MINI = { width: 180, height: 130 };

interface View {
  x: number;
  y: number;
  k: number;
}

export interface GraphCanvasProps {
  scene: Scene;
  style: DrawStyle;
  /** Changes when a different graph is shown: the view starts over (fit to width, top). */
  resetKey: string;
  /** Centre this scene key (and bump `seq` to centre it again). */
  focus: { key: string; seq: number } | null;
  onActivate(node: SceneNode | null, frameGroup: string | null): void;
}

/**
 * The drawing: pan (drag, arrows), zoom (wheel, +/-), fit (0), minimap. Only what is on screen
 * is drawn: at reading zoom the SVG markup of the visible window (and a margin) from
 * core/views/graph-svg.ts, re-made only when the view leaves that window; zoomed far out, the
 * boxes as plain rectangles on a canvas. Panning and zooming never go through React.
 */
export function GraphCanvas({ scene, style, resetKey, focus, onActivate }: GraphCanvasProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const moveRef = useRef<SVGGElement>(null);
  const itemsRef = useRef<SVGGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const miniRef = useRef<HTMLCanvasElement>(null);
  const view = useRef<View>({ x: 0, y: 0, k: 1 });
  const drawn = useRef<{ rect: Rect; k: number; scene: Scene; style: DrawStyle } | null>(null);
  const mode = useRef<'svg' | 'canvas' | null>(null);
  const frame = useRef(0);
  const current = useRef({ scene, style });
  current.current = { scene, style };
  const byKey = useMemo(() => new Map(scene.nodes.map((n) => [n.key, n])), [scene]);

  const draw = useCallback(() => {
    frame.current = 0;
    const host = hostRef.current;
    if (!host) return;
    const { scene: sc, style: st } = current.current;
    const { x, y, k } = view.current;
    const w = host.clientWidth;
    const h = host.clientHeight;
    const visible: Rect = { x0: -x / k, y0: -y / k, x1: (w - x) / k, y1: (h - y) / k };
    let count = 0;
    for (const n of sc.nodes)
      if (
        n.x <= visible.x1 &&
        n.x + n.box.width >= visible.x0 &&
        n.y <= visible.y1 &&
        n.y + n.box.height >= visible.y0
      )
        count++;
    const useCanvas = k < TEXT_ZOOM || count > MAX_SVG_BOXES;
    moveRef.current?.setAttribute('transform', `translate(${x} ${y}) scale(${k})`);
    const items = itemsRef.current!;
    const canvas = canvasRef.current!;
    if (useCanvas) {
      if (mode.current !== 'canvas') {
        items.innerHTML = '';
        drawn.current = null;
      }
      drawBoxes(canvas, sc, st, view.current, w, h);
    } else {
      if (mode.current === 'canvas')
        canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      const d = drawn.current;
      const inside =
        d &&
        d.scene === sc &&
        d.style === st &&
        d.k / k < 1.6 &&
        k / d.k < 1.6 &&
        visible.x0 >= d.rect.x0 &&
        visible.y0 >= d.rect.y0 &&
        visible.x1 <= d.rect.x1 &&
        visible.y1 <= d.rect.y1;
      if (!inside) {
        // A margin around the view so small pans redraw nothing; smaller when the view is full.
        const margin = count > 300 ? 0.15 : 0.5;
        const mx = (visible.x1 - visible.x0) * margin;
        const my = (visible.y1 - visible.y0) * margin;
        const rect = {
          x0: visible.x0 - mx,
          y0: visible.y0 - my,
          x1: visible.x1 + mx,
          y1: visible.y1 + my,
        };
        items.innerHTML = svgItems(sc, { ...st, interactive: true }, rect);
        drawn.current = { rect, k, scene: sc, style: st };
      }
    }
    mode.current = useCanvas ? 'canvas' : 'svg';
    drawMinimapView(miniRef.current, sc, view.current, w, h);
  }, []);

  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  const fit = useCallback(
    (whole: boolean) => {
      const host = hostRef.current;
      if (!host) return;
      const { scene: sc } = current.current;
      const w = host.clientWidth;
      const h = host.clientHeight;
      const byWidth = w / Math.max(1, sc.width);
      const k = whole
        ? Math.min(1, byWidth, h / Math.max(1, sc.height)) * 0.95
        : Math.min(1, Math.max(0.6, byWidth * 0.98));
      const x = (w - sc.width * k) / 2;
      const y = whole ? (h - sc.height * k) / 2 : 8;
      view.current = { x, y, k: Math.max(MIN_ZOOM, k) };
      schedule();
    },
    [schedule],
  );

  const zoomAt = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      const host = hostRef.current;
      if (!host) return;
      const v = view.current;
      const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
      const px = cx ?? host.clientWidth / 2;
      const py = cy ?? host.clientHeight / 2;
      view.current = { k, x: px - ((px - v.x) * k) / v.k, y: py - ((py - v.y) * k) / v.k };
      schedule();
    },
    [schedule],
  );

  // A new graph starts at the top, as wide as the window allows; a new layout of the same
  // graph (a group opened) keeps the view.
  useEffect(() => fit(false), [resetKey, fit]);
  useEffect(() => {
    drawMinimap(miniRef.current, scene, style);
    schedule();
  }, [scene, style, schedule]);
  useEffect(() => {
    if (!focus) return;
    const n = byKey.get(focus.key);
    const host = hostRef.current;
    if (!n || !host) return;
    // A hotspot row below the drawing may have scrolled it away: bring it back first.
    host.scrollIntoView({ block: 'nearest' });
    const k = Math.max(view.current.k, 0.9);
    view.current = {
      k,
      x: host.clientWidth / 2 - (n.x + n.box.width / 2) * k,
      y: host.clientHeight / 2 - (n.y + n.box.height / 2) * k,
    };
    schedule();
  }, [focus, byKey, schedule]);

  useEffect(() => {
    const host = hostRef.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = host.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    host.addEventListener('wheel', onWheel, { passive: false });
    const resize = new ResizeObserver(() => schedule());
    resize.observe(host);
    return () => {
      host.removeEventListener('wheel', onWheel);
      resize.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [zoomAt, schedule]);

  const drag = useRef<{ x: number; y: number; moved: boolean; target: string | null } | null>(null);
  const activate = (key: string | null, worldX?: number, worldY?: number) => {
    if (key?.startsWith('frame:')) return onActivate(null, key.slice('frame:'.length));
    if (key) return onActivate(byKey.get(key) ?? null, null);
    if (worldX === undefined || worldY === undefined) return;
    // Canvas mode has no elements to click: hit-test the boxes.
    const hit = scene.nodes.find(
      (n) =>
        worldX >= n.x &&
        worldX <= n.x + n.box.width &&
        worldY >= n.y &&
        worldY <= n.y + n.box.height,
    );
    if (hit) onActivate(hit, null);
  };

  return (
    <div className="graph-canvas-wrap">
      <div
        ref={hostRef}
        className="graph-canvas"
        role="application"
        aria-label="Graph drawing: drag to pan, wheel or +/- to zoom, 0 to fit, Enter on a box to select it"
        tabIndex={0}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          const el = (e.target as Element).closest('[data-key]');
          drag.current = {
            x: e.clientX,
            y: e.clientY,
            moved: false,
            target: el?.getAttribute('data-key') ?? null,
          };
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const dx = e.clientX - d.x;
          const dy = e.clientY - d.y;
          if (!d.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
          d.moved = true;
          d.x = e.clientX;
          d.y = e.clientY;
          view.current = { ...view.current, x: view.current.x + dx, y: view.current.y + dy };
          schedule();
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (!d || d.moved) return;
          const r = e.currentTarget.getBoundingClientRect();
          const v = view.current;
          activate(d.target, (e.clientX - r.left - v.x) / v.k, (e.clientY - r.top - v.y) / v.k);
        }}
        onKeyDown={(e) => {
          const step = 80;
          const v = view.current;
          if (e.key === 'Enter' || e.key === ' ') {
            const el = (e.target as Element).closest('[data-key]');
            if (el) {
              e.preventDefault();
              activate(el.getAttribute('data-key'));
            }
            return;
          }
          const moves: Record<string, [number, number]> = {
            ArrowLeft: [step, 0],
            ArrowRight: [-step, 0],
            ArrowUp: [0, step],
            ArrowDown: [0, -step],
          };
          const m = moves[e.key];
          if (m) view.current = { ...v, x: v.x + m[0], y: v.y + m[1] };
          else if (e.key === '+' || e.key === '=') return zoomAt(1.25);
          else if (e.key === '-') return zoomAt(0.8);
          else if (e.key === '0') return fit(true);
          else return;
          e.preventDefault();
          schedule();
        }}
      >
        <canvas ref={canvasRef} className="graph-layer" aria-hidden="true" />
        <svg className="graph-layer" fontFamily={GRAPH_FONT_FAMILY} fontSize={11}>
          <g dangerouslySetInnerHTML={{ __html: svgDefs(style.theme) }} />
          <g ref={moveRef}>
            <g ref={itemsRef} />
          </g>
        </svg>
      </div>
      <div className="graph-zoom" role="group" aria-label="Zoom">
        <button type="button" aria-label="Zoom in" onClick={() => zoomAt(1.25)}>
          +
        </button>
        <button type="button" aria-label="Zoom out" onClick={() => zoomAt(0.8)}>
          −
        </button>
        <button type="button" aria-label="Fit the whole graph" onClick={() => fit(true)}>
          Fit
        </button>
      </div>
      <canvas
        ref={miniRef}
        className="graph-minimap"
        width={MINI.width}
        height={MINI.height}
        role="img"
        aria-label="Minimap: click to move the view there"
        onPointerDown={(e) => {
          const host = hostRef.current;
          if (!host) return;
          const r = e.currentTarget.getBoundingClientRect();
          const { sx, sy } = miniScale(scene);
          const wx = (e.clientX - r.left) / sx;
          const wy = (e.clientY - r.top) / sy;
          const k = view.current.k;
          view.current = { k, x: host.clientWidth / 2 - wx * k, y: host.clientHeight / 2 - wy * k };
          schedule();
        }}
      />
    </div>
  );
}

function boxColor(n: SceneNode, style: DrawStyle): string {
  const p = graphPalette(style.theme);
  if (n.kind === 'chip') return p.frameStroke;
  if (style.heat && (n.kind === 'op' || n.kind === 'group'))
    return heatCellOf(n, style)?.color ?? p.dimmed;
  return categoryColor(n.kind === 'group' ? 'other' : n.box.category, style.theme);
}

/** Zoomed far out: frames, edges and boxes as plain shapes, only those on screen. */
function drawBoxes(
  canvas: HTMLCanvasElement,
  scene: Scene,
  style: DrawStyle,
  v: View,
  w: number,
  h: number,
) {
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const p = graphPalette(style.theme);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr * v.k, 0, 0, dpr * v.k, dpr * v.x, dpr * v.y);
  const x0 = -v.x / v.k;
  const y0 = -v.y / v.k;
  const x1 = (w - v.x) / v.k;
  const y1 = (h - v.y) / v.k;
  ctx.lineWidth = 1 / v.k;
  ctx.strokeStyle = p.frameStroke;
  for (const f of scene.frames)
    if (f.x <= x1 && f.x + f.width >= x0 && f.y <= y1 && f.y + f.height >= y0)
      ctx.strokeRect(f.x, f.y, f.width, f.height);
  ctx.strokeStyle = p.edge;
  ctx.beginPath();
  for (const e of scene.edges) {
    const pts = e.points;
    if (pts.length < 4) continue;
    const ex = pts[0]!;
    const ey = pts[1]!;
    const fx = pts[pts.length - 2]!;
    const fy = pts[pts.length - 1]!;
    if (
      Math.max(ex, fx) < x0 ||
      Math.min(ex, fx) > x1 ||
      Math.max(ey, fy) < y0 ||
      Math.min(ey, fy) > y1
    )
      continue;
    ctx.moveTo(ex, ey);
    for (let i = 2; i < pts.length; i += 2) ctx.lineTo(pts[i]!, pts[i + 1]!);
  }
  ctx.stroke();
  for (const n of scene.nodes) {
    if (n.x > x1 || n.x + n.box.width < x0 || n.y > y1 || n.y + n.box.height < y0) continue;
    ctx.fillStyle = boxColor(n, style);
    ctx.fillRect(n.x, n.y, n.box.width, n.box.height);
    const mark = highlightOf(n, style);
    if (mark) {
      ctx.strokeStyle = mark;
      ctx.lineWidth = 3 / v.k;
      ctx.strokeRect(n.x, n.y, n.box.width, n.box.height);
      ctx.lineWidth = 1 / v.k;
    }
  }
}

/**
 * The minimap fills its box in both directions (a 600-layer model is 100× taller than wide:
 * drawn to scale it would be a one-pixel line).
 */
const miniScale = (scene: Scene) => ({
  sx: MINI.width / Math.max(1, scene.width),
  sy: MINI.height / Math.max(1, scene.height),
});

const minimaps = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();

/** The whole graph, tiny, drawn once per scene and style; the view box goes on top per frame. */
function drawMinimap(mini: HTMLCanvasElement | null, scene: Scene, style: DrawStyle) {
  if (!mini) return;
  const base = document.createElement('canvas');
  base.width = MINI.width;
  base.height = MINI.height;
  const ctx = base.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = graphPalette(style.theme).nodeFill;
  ctx.fillRect(0, 0, MINI.width, MINI.height);
  const { sx, sy } = miniScale(scene);
  for (const n of scene.nodes) {
    ctx.fillStyle = boxColor(n, style);
    ctx.fillRect(n.x * sx, n.y * sy, Math.max(1, n.box.width * sx), Math.max(1, n.box.height * sy));
  }
  minimaps.set(mini, base);
}

function drawMinimapView(
  mini: HTMLCanvasElement | null,
  scene: Scene,
  v: View,
  w: number,
  h: number,
) {
  const base = mini && minimaps.get(mini);
  const ctx = mini?.getContext('2d');
  if (!mini || !base || !ctx) return;
  ctx.clearRect(0, 0, mini.width, mini.height);
  ctx.drawImage(base, 0, 0);
  const { sx, sy } = miniScale(scene);
  ctx.strokeStyle = '#0b6bcb';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(
    (-v.x / v.k) * sx,
    (-v.y / v.k) * sy,
    Math.max(2, (w / v.k) * sx),
    Math.max(2, (h / v.k) * sy),
  );
}
