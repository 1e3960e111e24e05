/**
 * Text widths for the graph view's boxes without a canvas: the layout runs in a web worker
 * and in Node (`sparsescope graph`), and both must size boxes the same. The drawing uses
 * Arial-metric fonts (Arial, Liberation Sans, Helvetica share these advance widths), so a
 * table of their widths per ASCII character, in 1/1000 em, measures exactly what is drawn.
 */

export const GRAPH_FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif";

// Advance widths of ASCII 32..126 (Helvetica/Arial AFM metrics).
const WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD_FACTOR = 1.08;
/** Characters outside ASCII (×, ⟨, ⟩, …) are taken as wide as a digit plus a little. */
const OTHER = 600;

/** Width in px of `text` at `size` px; bold text is about 8% wider. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units += c >= 32 && c <= 126 ? WIDTHS[c - 32]! : OTHER;
  }
  return (units / 1000) * size * (bold ? BOLD_FACTOR : 1);
}

/** Cut `text` with "…" so it fits in `max` px. */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${text.slice(0, mid)}…`, size, bold) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/** Escape text for SVG/XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&#39;',
  );
}
