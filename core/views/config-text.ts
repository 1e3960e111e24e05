import {
  createScanner,
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import type { JsonPathItem } from '../api/config-files';

/**
 * Reading and editing a config's JSON text in place (jsonc-parser), so that a change to one
 * value changes only that value's bytes: key order, spacing, number-or-string types and every
 * key SparseScope does not know stay as written. Used by the editor's form (in the browser) and
 * by core (benchmark_app -dump_config, issue positions), so both edit text the same way.
 */

/** Nesting beyond this is refused before any recursive parse (jsonc-parser recurses). */
export const MAX_TEXT_DEPTH = 64;

/**
 * The longest config text, in UTF-16 code units: config files are small, and jsonc-parser
 * takes seconds over megabytes (10 MB of spaces: ~14 s), which an editor must never wait for.
 * 256 Ki also fits, JSON-escaped, in one message of the web transport (1 MiB).
 */
export const MAX_CONFIG_CHARS = 256 * 1024;

/** jsonc-parser's SyntaxKind values (a `const enum`, which isolated modules cannot import). */
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** Deepest nesting of arrays/objects, counted by jsonc-parser's (iterative) scanner. */
export function nestingDepth(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  let max = 0;
  for (let t: number = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      depth++;
      if (depth > max) max = depth;
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

/**
 * The syntax tree of a text, or null when it is too long or nested too deep to parse safely.
 * Error-tolerant: syntax errors are pushed to `errors` and the tree holds what could be read.
 */
export function configTree(text: string, errors: ParseError[] = []): Node | null {
  if (text.length > MAX_CONFIG_CHARS || nestingDepth(text) > MAX_TEXT_DEPTH) return null;
  return parseTree(text, errors, { allowTrailingComma: false, disallowComments: true }) ?? null;
}

/** The value at `path`, or undefined when the text has none there (or cannot be parsed). */
export function valueAt(
  text: string,
  path: JsonPathItem[],
  tree: Node | null = configTree(text),
): unknown {
  const node = tree ? findNodeAtLocation(tree, path) : undefined;
  return node ? (getNodeValue(node) as unknown) : undefined;
}

/**
 * Where to underline a problem at `path`: the property (key and value) when it exists, else the
 * nearest enclosing property that does (a missing key is reported at its parent), else the start.
 */
export function rangeOf(
  text: string,
  path: JsonPathItem[],
  tree: Node | null = configTree(text),
): { from: number; to: number } {
  if (!tree) return { from: 0, to: Math.min(1, text.length) };
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, path.slice(0, n));
    if (!node) continue;
    const at = node.parent?.type === 'property' ? node.parent : node;
    // A whole object is too much to underline: its first line will do.
    const end = at.type === 'object' || at.type === 'array' ? at.offset + 1 : at.offset + at.length;
    return { from: at.offset, to: end };
  }
  return { from: tree.offset, to: tree.offset + 1 };
}

/** A value on one line, spaced as people write it: [1, 2, 4], {"NUM_STREAMS": "4"}. */
function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${valueText(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/**
 * The text with `value` at `path` (undefined removes the key). Only the bytes of that value
 * change: an existing value is replaced in place; a new key goes after the last one of its
 * object — on the same line in a one-line object, on its own line indented like its siblings
 * otherwise — and missing parent objects are created; a removed key takes its comma along.
 */
export function setValue(text: string, path: JsonPathItem[], value: unknown): string {
  const tree = configTree(text);
  if (!tree) {
    throw new Error(
      text.length > MAX_CONFIG_CHARS
        ? `longer than ${MAX_CONFIG_CHARS} characters`
        : `nested deeper than ${MAX_TEXT_DEPTH} levels`,
    );
  }
  const existing = findNodeAtLocation(tree, path);
  if (existing) {
    if (value !== undefined)
      return splice(text, existing.offset, existing.offset + existing.length, valueText(value));
    return removeProperty(text, existing);
  }
  if (value === undefined) return text;
  // The deepest object on the path that exists gets the first missing key, holding the rest.
  for (let n = path.length - 1; n >= 0; n--) {
    const parent = findNodeAtLocation(tree, path.slice(0, n));
    if (!parent) continue;
    if (parent.type !== 'object') throw new Error(`${path.slice(0, n).join('.')} is not an object`);
    const nested = path.slice(n + 1).reduceRight<unknown>((v, k) => ({ [k]: v }), value);
    return insertProperty(text, parent, String(path[n]), nested);
  }
  throw new Error('the text is not a JSON object');
}

function insertProperty(text: string, object: Node, key: string, value: unknown): string {
  const entry = `${JSON.stringify(key)}: ${valueText(value)}`;
  const children = object.children ?? [];
  const last = children[children.length - 1];
  if (!last) return splice(text, object.offset + 1, object.offset + 1, entry);
  const end = last.offset + last.length;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = text.slice(lineStart, last.offset);
  const ownLine =
    text.slice(object.offset, object.offset + object.length).includes('\n') &&
    /^[ \t]*$/.test(indent);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return splice(text, end, end, ownLine ? `,${eol}${indent}${entry}` : `, ${entry}`);
}

function removeProperty(text: string, node: Node): string {
  const property = node.parent?.type === 'property' ? node.parent : node;
  const object = property.parent;
  const siblings = object?.children ?? [];
  const at = siblings.indexOf(property);
  if (!object || at < 0) throw new Error('only object keys can be removed');
  const end = property.offset + property.length;
  if (at + 1 < siblings.length) return splice(text, property.offset, siblings[at + 1]!.offset, '');
  if (at > 0) {
    const previous = siblings[at - 1]!;
    return splice(text, previous.offset + previous.length, end, '');
  }
  return splice(text, object.offset + 1, object.offset + object.length - 1, '');
}

/**
 * A number as a benchmark_app config should hold it: in the type the file already uses for
 * this key ("4" or 4), a new key as a string as benchmark_app writes them; an equal value
 * keeps its exact spelling.
 */
export function numberInFileType(current: unknown, n: number): number | string {
  if (typeof current === 'string') return Number(current.trim()) === n ? current : String(n);
  if (typeof current === 'number') return n;
  return String(n);
}

const SCALAR = String.raw`(?:-?\d[\d.eE+-]*|"(?:[^"\\\n]|\\.)*"|true|false|null)`;
const SCALAR_LIST = new RegExp(String.raw`\[\n\s+(${SCALAR}(?:,\n\s+${SCALAR})*)\n\s*\]`, 'g');

/** A new config's text: two-space indentation, lists of numbers and words on one line. */
export function configText(doc: unknown): string {
  return (
    JSON.stringify(doc, null, 2).replace(
      SCALAR_LIST,
      (_m, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`,
    ) + '\n'
  );
}
