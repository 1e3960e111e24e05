import { UserError, type ErrorKind } from '../api/errors';
import { formatBytes } from './format';

/**
 * The one JSON reader for every file and message SparseScope parses. JSON.parse alone throws
 * SyntaxErrors without a usable place, has no nesting limit and no size limit; this reader
 * checks the text first in one linear pass (no recursion, so 100,000-deep nesting cannot
 * overflow a stack), reports the first problem as "SOURCE, line L, column C: expected …", and
 * only then lets JSON.parse build the value.
 */

export interface JsonLimits {
  /** Longest text accepted, in UTF-16 code units (≈ bytes for JSON). Default 64 MiB. */
  maxLength?: number;
  /** Deepest nesting of arrays/objects. Default 64. */
  maxDepth?: number;
}

export interface JsonSource {
  /** What the text is, for messages: a file path, "WebSocket message", "--load-config". */
  source: string;
  /** The error kind for a malformed text, e.g. BadConfig for config files. */
  kind: ErrorKind;
}

/** A text that is not acceptable JSON, with where: editors put the message at `offset`. */
export class JsonTextError extends UserError {
  constructor(
    kind: ErrorKind,
    message: string,
    /** UTF-16 offset of the problem in the text as given (0 for a text that is too long). */
    readonly offset: number,
  ) {
    super(kind, message);
  }
}

const DEFAULT_MAX_LENGTH = 64 * 2 ** 20;
const DEFAULT_MAX_DEPTH = 64;

/** Parse JSON text; a UserError of `kind` naming the source, line and column on any problem. */
export function readJson(text: string, at: JsonSource, limits: JsonLimits = {}): unknown {
  const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new JsonTextError(
      at.kind,
      `${at.source}: expected at most ${formatBytes(maxLength)} of JSON, got ${formatBytes(text.length)}.`,
      0,
    );
  }
  // A UTF-8 byte order mark is not JSON, but editors write it; accept it everywhere alike.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const problem = scanJson(body, limits.maxDepth ?? DEFAULT_MAX_DEPTH);
  if (problem) {
    const { line, column } = lineColumn(body, problem.offset);
    throw new JsonTextError(
      at.kind,
      `${at.source}, line ${line}, column ${column}: ${problem.message}`,
      problem.offset + bom,
    );
  }
  return JSON.parse(body) as unknown;
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface Problem {
  offset: number;
  message: string;
}

const enum Want {
  /** A value (start of document, after ':' or '[' or ','). */
  Value,
  /** A value or ']' (right after '['). */
  ValueOrClose,
  /** A key string or '}' (right after '{'). */
  KeyOrClose,
  /** A key string (after ',' in an object). */
  Key,
  /** ':' after a key. */
  Colon,
  /** ',' or the closer of the current container. */
  CommaOrClose,
  /** Nothing but whitespace (after the top-level value). */
  End,
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Validate JSON text iteratively (RFC 8259). Returns the first problem, or null when the text
 * is one valid JSON value within the depth limit.
 */
function scanJson(s: string, maxDepth: number): Problem | null {
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let want: Want = Want.Value;
  let i = 0;
  const n = s.length;
  const afterValue = (): Want => (stack.length === 0 ? Want.End : Want.CommaOrClose);
  while (i < n) {
    const c = s.charCodeAt(i);
    if (WS.has(c)) {
      i++;
      continue;
    }
    if (want === Want.End) return { offset: i, message: 'expected the end of the JSON text' };
    if (want === Want.Colon) {
      if (c !== 0x3a) return { offset: i, message: 'expected ":" after the key' };
      want = Want.Value;
      i++;
      continue;
    }
    if (want === Want.CommaOrClose) {
      const top = stack[stack.length - 1]!;
      if (c === 0x2c) {
        want = top === 0x7b ? Want.Key : Want.Value;
        i++;
        continue;
      }
      if ((top === 0x7b && c === 0x7d) || (top === 0x5b && c === 0x5d)) {
        stack.pop();
        want = afterValue();
        i++;
        continue;
      }
      return {
        offset: i,
        message: `expected "," or "${top === 0x7b ? '}' : ']'}"`,
      };
    }
    if (want === Want.KeyOrClose || want === Want.Key) {
      if (want === Want.KeyOrClose && c === 0x7d) {
        stack.pop();
        want = afterValue();
        i++;
        continue;
      }
      if (c !== 0x22) return { offset: i, message: 'expected a key in double quotes' };
      const end = scanString(s, i);
      if (typeof end !== 'number') return end;
      i = end;
      want = Want.Colon;
      continue;
    }
    // A value (or ']' right after '[').
    if (want === Want.ValueOrClose && c === 0x5d) {
      stack.pop();
      want = afterValue();
      i++;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) {
        return { offset: i, message: `expected at most ${maxDepth} levels of nesting` };
      }
      stack.push(c);
      want = c === 0x7b ? Want.KeyOrClose : Want.ValueOrClose;
      i++;
      continue;
    }
    let end: number | Problem;
    if (c === 0x22) end = scanString(s, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = scanNumber(s, i);
    else end = scanLiteral(s, i);
    if (typeof end !== 'number') return end;
    i = end;
    want = afterValue();
  }
  if (want === Want.End) return null;
  return {
    offset: n,
    message:
      n === 0 ? 'expected a JSON value, got nothing' : 'expected more: the JSON text ends early',
  };
}

/** End offset of the string starting at i (a '"'), or the problem in it. */
function scanString(s: string, i: number): number | Problem {
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return j + 1;
    if (c < 0x20) {
      return {
        offset: j,
        message: 'expected no raw control characters (such as a newline) in a string: write \\n',
      };
    }
    if (c === 0x5c) {
      const e = s[j + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6)))
          return { offset: j, message: 'expected four hex digits after \\u' };
        j += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) {
        return {
          offset: j,
          message: `expected a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`,
        };
      }
      j += 2;
      continue;
    }
    j++;
  }
  return { offset: i, message: 'expected the closing " of this string' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanNumber(s: string, i: number): number | Problem {
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(s);
  if (!m || m[0] === '-' || m[0].length === 0) return { offset: i, message: 'expected a number' };
  const end = i + m[0].length;
  const next = s.charCodeAt(end);
  if (next === 0x2e || next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39)) {
    return { offset: end, message: 'expected a number like 12, -3.5 or 1e-3' };
  }
  if (!Number.isFinite(Number(m[0]))) {
    return {
      offset: i,
      message: `expected a finite number, got ${m[0].slice(0, 40)} (out of range)`,
    };
  }
  return end;
}

function scanLiteral(s: string, i: number): number | Problem {
  for (const word of ['true', 'false', 'null']) if (s.startsWith(word, i)) return i + word.length;
  const found = s.slice(i, i + 12).split(/[\s,:\]}]/)[0] || s[i] || '';
  return {
    offset: i,
    message: `expected a value (string, number, object, array, true, false or null), got ${JSON.stringify(found)}`,
  };
}
