import type { Attribute } from '../graph';
import { parseIntStrict } from './ir-shapes';

const FLOAT = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

/**
 * Type a `<data>` attribute. The IR stores every attribute as text with no declared type,
 * so we only commit to a number when the text can mean nothing else:
 *   "3" → int, "0.5" / "1e-5" → float, "1,1" → ints, "0.5,1" → floats,
 *   everything else → string, including "true"/"false" (kept verbatim so a writer can
 *   reproduce the file and an engine can test `=== 'true'` without guessing), "inf",
 *   "", and integers too large to hold exactly.
 */
export function parseDataAttribute(text: string): Attribute {
  const t = text.trim();
  const single = parseNumber(t);
  if (single !== undefined)
    return single.isInt
      ? { type: 'int', value: single.value }
      : { type: 'float', value: single.value };
  if (t.includes(',')) {
    const items = t.split(',').map((s) => parseNumber(s.trim()));
    if (items.every((i) => i !== undefined)) {
      const values = items.map((i) => i!.value);
      return items.every((i) => i!.isInt)
        ? { type: 'ints', value: values }
        : { type: 'floats', value: values };
    }
  }
  return { type: 'string', value: text };
}

function parseNumber(t: string): { value: number; isInt: boolean } | undefined {
  const n = parseIntStrict(t);
  if (n !== null) return { value: n, isInt: true };
  // Long digit runs that are not safe integers must not silently round into floats.
  if (/^[+-]?\d+$/.test(t)) return undefined;
  if (FLOAT.test(t)) {
    const f = Number(t);
    if (Number.isFinite(f)) return { value: f, isInt: false };
  }
  return undefined;
}

/** All `<data>` attributes of a layer, typed. */
export function parseDataAttributes(attrs: Record<string, string>): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = parseDataAttribute(v);
  return out;
}
