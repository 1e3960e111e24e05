import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { irError } from './ir-error';

/**
 * A plain, typed XML element. fast-xml-parser's output is loosely typed (arrays of
 * single-key objects with ':@' attribute bags); converting it once into this shape means
 * the rest of the importer never has to guess what a field holds, which is what keeps
 * mutated input from turning into TypeErrors.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element, trimmed. */
  text: string;
  /** 1-based line of the start tag, when the parser reported its position. */
  line: number | null;
}

/** IR nests deeper than the parser's default of 100 only through sub-graph bodies. */
const MAX_DEPTH = 512;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Keep every value a string: numbers are parsed by the importer, which knows what each
  // field should be and can say so when it is not.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  maxNestedTags: MAX_DEPTH,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

// Typed as the `Symbol` wrapper by the library; it is a primitive symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** Parse an XML document into its root element; malformed XML → UserError with line/col. */
export function parseXmlTree(text: string, file: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    // Unclosed tags come back as "Invalid '[\"net\",\"layers\"]' found." at line 1: say
    // what it means instead — the usual cause is a truncated file.
    const unclosed = /^Invalid '(\[[\s\S]*\])' found\.?$/.exec(msg);
    if (unclosed) {
      let tags: string;
      try {
        tags = (JSON.parse(unclosed[1]) as unknown[]).map((t) => `<${String(t)}>`).join(', ');
      } catch {
        tags = unclosed[1];
      }
      throw irError(
        file,
        'end of file',
        'well-formed XML',
        `unclosed ${tags} (is the file truncated?)`,
      );
    }
    throw irError(file, `line ${line}, column ${col}`, `well-formed XML (${msg})`);
  }
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (err) {
    // The validator and the parser disagree on a few edge cases (entity limits, nesting
    // depth); whatever the parser rejects is still the file's fault, not ours.
    throw irError(
      file,
      'the XML document',
      `well-formed XML (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const lines = lineStarts(text);
  const roots = convertList(raw, lines, 0);
  if (roots.length !== 1) {
    throw irError(file, 'the XML document', `exactly one root element, found ${roots.length}`);
  }
  return roots[0];
}

/** First child with this tag name, or undefined. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** All children with this tag name, in document order. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

function convertList(raw: unknown, lines: number[], depth: number): XmlElement[] {
  if (!Array.isArray(raw) || depth > MAX_DEPTH) return [];
  const out: XmlElement[] = [];
  for (const item of raw) {
    const el = convertItem(item, lines, depth);
    if (el) out.push(el);
  }
  return out;
}

function convertItem(item: unknown, lines: number[], depth: number): XmlElement | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string | symbol, unknown>;
  const name = Object.keys(record).find((k) => k !== ':@' && k !== '#text');
  if (name === undefined) return undefined;
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  const rawAttrs = record[':@'];
  if (typeof rawAttrs === 'object' && rawAttrs !== null) {
    for (const [k, v] of Object.entries(rawAttrs)) {
      // Attributes without a value are not XML, but the parser may hand back `true`.
      attrs[k] = typeof v === 'string' ? v : String(v);
    }
  }
  const body = record[name];
  const children = convertList(body, lines, depth + 1);
  let text = '';
  if (Array.isArray(body)) {
    for (const part of body) {
      if (typeof part === 'object' && part !== null && '#text' in part) {
        text += String((part as Record<string, unknown>)['#text']);
      }
    }
  }
  const meta = record[META] as { startIndex?: unknown } | undefined;
  const line = typeof meta?.startIndex === 'number' ? lineOf(lines, meta.startIndex) : null;
  return { name, attrs, children, text: text.trim(), line };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** `layer 3 "mm" (line 12)`: the id and name are what people search the XML for. */
export function layerPlace(layer: XmlElement): string {
  const id = layer.attrs.id ?? '?';
  const name = layer.attrs.name;
  const line = layer.line === null ? '' : ` (line ${layer.line})`;
  return name === undefined ? `layer ${id}${line}` : `layer ${id} ${JSON.stringify(name)}${line}`;
}

/** `<edge> (line 40)` or similar for elements that are not layers. */
export function elementPlace(el: XmlElement): string {
  return el.line === null ? `<${el.name}>` : `<${el.name}> (line ${el.line})`;
}
