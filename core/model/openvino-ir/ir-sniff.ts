/**
 * Decide from the first bytes whether a file is an OpenVINO IR topology: XML whose root
 * element is `<net>`. The prolog (declaration, comments, DOCTYPE, whitespace) is skipped by
 * hand because it is all that stands before the root; anything deeper is the parser's job.
 */
export function sniffIr(head: Uint8Array): true | string {
  if (head.length === 0) return 'not XML: the file is empty';
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) {
    return 'XML in UTF-16 is not supported (OpenVINO writes UTF-8)';
  }
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(start));
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) return true; // only prolog seen so far: let open() decide
    if (text[i] !== '<') {
      const byte = head[start + byteOffset(text, i)] ?? 0;
      return `not XML: starts with 0x${byte.toString(16).padStart(2, '0')}`;
    }
    const skip = prologEnd(text, i);
    if (skip === 'incomplete') return true;
    if (skip !== null) {
      i = skip;
      continue;
    }
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
    if (!m) return `not XML: unexpected ${JSON.stringify(text.slice(i, i + 12))}`;
    return m[1] === 'net' ? true : `XML root is <${m[1]}>, expected <net>`;
  }
}

/** End index of a declaration/comment/DOCTYPE at `i`, null if `i` is an element. */
function prologEnd(text: string, i: number): number | null | 'incomplete' {
  const closers: [string, string][] = [
    ['<?', '?>'],
    ['<!--', '-->'],
    ['<!DOCTYPE', '>'],
  ];
  for (const [open, close] of closers) {
    if (text.startsWith(open, i)) {
      const end = text.indexOf(close, i + open.length);
      return end === -1 ? 'incomplete' : end + close.length;
    }
  }
  return null;
}

/** UTF-8 byte offset of a string index (only used to name the offending byte). */
function byteOffset(text: string, index: number): number {
  return new TextEncoder().encode(text.slice(0, index)).length;
}
