import { useEffect, useMemo, useRef, useState } from 'react';
import { barsInWindow, type TimelineView } from '../../../../core/views/profile-timeline';
import { useStore } from '../../store/index';

const LANE_H = 28;
const LABEL_W = 150;

/** A colour per op type, stable across renders. */
function colorOf(op: string): string {
  let h = 0;
  for (let i = 0; i < op.length; i++) h = (h * 31 + op.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 60% 52%)`;
}

/**
 * The per-thread timeline on a canvas: one lane per thread, a bar per node run. Wheel zooms
 * around the pointer, drag pans, double-click resets; only bars inside the window are drawn,
 * so a 20k-node profile stays smooth. Clicking a bar focuses its node.
 */
export function TimelineCanvas({ view }: { view: TimelineView }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [win, setWin] = useState({ from: view.startUs, to: view.endUs });
  const drag = useRef<{ x: number; from: number; to: number } | null>(null);
  const focused = useStore((s) => s.focusedNode);
  const focusNode = useStore((s) => s.focusNode);
  useEffect(() => setWin({ from: view.startUs, to: view.endUs }), [view]);
  const height = view.lanes.length * LANE_H + 24;
  const lanes = useMemo(() => view.lanes, [view]);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const dpr = window.devicePixelRatio || 1;
    const width = c.clientWidth;
    c.width = width * dpr;
    c.height = height * dpr;
    const g = c.getContext('2d');
    if (!g) return;
    g.scale(dpr, dpr);
    const style = getComputedStyle(c);
    g.clearRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    const span = Math.max(1e-9, win.to - win.from);
    const x = (us: number) => LABEL_W + ((us - win.from) / span) * (width - LABEL_W);
    lanes.forEach((lane, i) => {
      const y = i * LANE_H;
      g.fillStyle = style.getPropertyValue('--muted') || '#888';
      g.fillText(lane.label.slice(0, 24), 4, y + 17);
      for (const b of barsInWindow(lane.bars, win.from, win.to)) {
        const x0 = Math.max(LABEL_W, x(b.startUs));
        const x1 = Math.min(width, x(b.startUs + b.durUs));
        g.fillStyle = colorOf(b.opType);
        g.fillRect(x0, y + 4, Math.max(1, x1 - x0), LANE_H - 8);
        if (b.name === focused) {
          g.strokeStyle = style.getPropertyValue('--text') || '#000';
          g.lineWidth = 2;
          g.strokeRect(x0, y + 3, Math.max(2, x1 - x0), LANE_H - 6);
        }
        if (x1 - x0 > 60) {
          g.fillStyle = '#fff';
          g.fillText(b.name.slice(0, Math.floor((x1 - x0) / 6)), x0 + 3, y + 17);
        }
      }
    });
    g.fillStyle = style.getPropertyValue('--muted') || '#888';
    g.fillText(
      `${((win.to - win.from) / 1000).toFixed(3)} ms shown · wheel to zoom, drag to pan, double-click to reset`,
      LABEL_W,
      height - 6,
    );
  }, [lanes, win, height, focused]);

  const usAt = (clientX: number): number => {
    const c = canvas.current!;
    const r = c.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left - LABEL_W) / (r.width - LABEL_W)));
    return win.from + f * (win.to - win.from);
  };

  return (
    <figure className="chart" aria-label="Per-thread timeline">
      <figcaption>
        Timeline (
        {view.kind === 'measured'
          ? "the engine's own timestamps"
          : view.kind === 'reconstructed'
            ? 'measured durations, each node starting where the one before ended'
            : 'execution order only'}
        ; iterations {view.iterations.join(', ')})
      </figcaption>
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Timeline of ${lanes.length} lane(s); zoom with the wheel, pan by dragging`}
        style={{ width: '100%', height, cursor: 'grab' }}
        onWheel={(e) => {
          const at = usAt(e.clientX);
          const k = e.deltaY > 0 ? 1.25 : 0.8;
          setWin({ from: at - (at - win.from) * k, to: at + (win.to - at) * k });
        }}
        onMouseDown={(e) => (drag.current = { x: e.clientX, ...win })}
        onMouseMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const c = canvas.current!;
          const dus = ((e.clientX - d.x) / (c.clientWidth - LABEL_W)) * (d.to - d.from);
          setWin({ from: d.from - dus, to: d.to - dus });
        }}
        onMouseUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (d && Math.abs(e.clientX - d.x) < 3) {
            const lane = lanes[Math.floor(e.nativeEvent.offsetY / LANE_H)];
            const at = usAt(e.clientX);
            const hit = lane?.bars.find((b) => b.startUs <= at && at <= b.startUs + b.durUs);
            if (hit) focusNode(hit.name);
          }
        }}
        onMouseLeave={() => (drag.current = null)}
        onDoubleClick={() => setWin({ from: view.startUs, to: view.endUs })}
      />
    </figure>
  );
}
