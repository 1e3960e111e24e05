import type { Dim } from '../graph';

/** A decimal integer within the safe range, or null; the IR never writes hex or exponents here. */
export function parseIntStrict(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d{1,16}$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * One dimension as the IR writes it: `768`, `-1` or `?` (dynamic), or an interval `1..512`
 * (v11 partial shapes). Intervals become null: graph.ts string dims are symbolic *names*
 * that tie equal dims together, and two unrelated `1..512` dims must not be tied. A
 * degenerate interval `5..5` is just 5.
 */
export function parseDim(token: string): Dim | undefined {
  const t = token.trim();
  if (t === '?' || t === '-1') return null;
  const interval = /^(-?\d*)\.\.(-?\d*)$/.exec(t);
  if (interval) {
    const lo = interval[1] === '' ? 0 : parseIntStrict(interval[1]);
    const hi = interval[2] === '' ? -1 : parseIntStrict(interval[2]);
    if (lo === null || hi === null || lo < 0) return undefined;
    return lo === hi ? lo : null;
  }
  const n = parseIntStrict(t);
  if (n === null || n < 0) return undefined;
  return n;
}

/**
 * A partial shape string from `<data shape="1,?,768">`. `""` and `[]` are scalars; `...`
 * is a dynamic rank (null). Returns undefined when any token is not a dimension.
 */
export function parsePartialShape(text: string): Dim[] | null | undefined {
  let t = text.trim();
  if (t === '...' || t === '[...]') return null;
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1).trim();
  if (t === '') return [];
  const dims: Dim[] = [];
  for (const token of t.split(',')) {
    const d = parseDim(token);
    if (d === undefined) return undefined;
    dims.push(d);
  }
  return dims;
}

/** Product of static dims; null when a dim is not a fixed number or the product is unsafe. */
export function staticElementCount(dims: Dim[]): number | null {
  let count = 1;
  for (const d of dims) {
    if (typeof d !== 'number') return null;
    count *= d;
    if (!Number.isSafeInteger(count)) return null;
  }
  return count;
}
