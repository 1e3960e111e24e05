import type { Dim, DType } from '../graph';
import { KNOWN_ELEMENT_TYPES, toDType } from './element-types';
import { irError, shown } from './ir-error';
import { parseDim, parseIntStrict } from './ir-shapes';
import { childrenNamed, child, layerPlace, type XmlElement } from './xml-tree';

/** One `<port>` of a layer, with its declared type and shape. */
export interface IrPort {
  /** Normalised decimal id, so "02" in a port and "2" in an edge still meet. */
  id: string;
  el: XmlElement;
  /** First entry of the `names` attribute, if any. */
  tensorName: string | undefined;
  dtype: DType | null;
  /** null only for a Parameter declared with a dynamic rank ("..."). */
  shape: Dim[] | null;
}

/** One `<layer>` with the fields every mapping step needs, validated once. */
export interface IrLayer {
  el: XmlElement;
  id: string;
  name: string;
  type: string;
  version: string | undefined;
  data: XmlElement | undefined;
  inputs: IrPort[];
  outputs: IrPort[];
  place: string;
}

/** Read and check a `<layer>`: ids are integers, ports are unique, dims and types parse. */
export function readLayer(file: string, el: XmlElement): IrLayer {
  const place = layerPlace(el);
  const id = normalisedId(file, place, el.attrs.id, 'an integer id="…" attribute');
  const type = el.attrs.type;
  if (type === undefined || type.trim() === '')
    throw irError(file, place, 'a type="…" attribute', 'none');
  const inputs = readPorts(file, el, 'input');
  const outputs = readPorts(file, el, 'output');
  const seen = new Set<string>();
  for (const p of [...inputs, ...outputs]) {
    if (seen.has(p.id))
      throw irError(file, place, 'port ids unique within the layer', `port ${p.id} twice`);
    seen.add(p.id);
  }
  return {
    el,
    id,
    name: el.attrs.name ?? `layer_${id}`,
    type: type.trim(),
    version: el.attrs.version?.trim() || undefined,
    data: child(el, 'data'),
    inputs,
    outputs,
    place,
  };
}

/** A layer or port id as the IR writes it (non-negative integer), normalised to decimal. */
export function normalisedId(
  file: string,
  place: string,
  raw: string | undefined,
  expected: string,
): string {
  if (raw === undefined) throw irError(file, place, expected, 'none');
  const n = parseIntStrict(raw);
  if (n === null || n < 0) throw irError(file, place, expected, shown(raw));
  return String(n);
}

/** Resolve an element_type/precision string, refusing unknown or unsupported types. */
export function dtypeOf(file: string, place: string, raw: string): DType | null {
  const r = toDType(raw);
  if (!r.ok) throw irError(file, place, `an element type (${KNOWN_ELEMENT_TYPES})`, r.reason);
  return r.dtype;
}

/**
 * Split a port `names` attribute. OpenVINO joins tensor names with "," and escapes commas
 * inside a name as "\,"; the first name is the tensor's primary name.
 */
export function splitNames(raw: string): string[] {
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && raw[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      names.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  names.push(current.trim());
  return names.filter((n) => n !== '');
}

function readPorts(file: string, layer: XmlElement, side: 'input' | 'output'): IrPort[] {
  const ports: IrPort[] = [];
  for (const group of childrenNamed(layer, side)) {
    for (const el of childrenNamed(group, 'port')) {
      const place = `${layerPlace(layer)} ${side} port ${el.attrs.id ?? '?'}${el.line === null ? '' : ` (line ${el.line})`}`;
      const id = normalisedId(file, place, el.attrs.id, 'an integer id="…" attribute on <port>');
      const precision = el.attrs.precision ?? el.attrs.element_type;
      const dtype = precision === undefined ? null : dtypeOf(file, place, precision);
      const shape: Dim[] = [];
      for (const dimEl of childrenNamed(el, 'dim')) {
        const d = parseDim(dimEl.text);
        if (d === undefined)
          throw irError(file, place, '<dim> to be a size, -1 or ?', shown(dimEl.text));
        shape.push(d);
      }
      const names = el.attrs.names === undefined ? [] : splitNames(el.attrs.names);
      ports.push({ id, el, tensorName: names[0], dtype, shape });
    }
  }
  return ports;
}
