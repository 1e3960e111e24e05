import { UserError } from '../../api/errors';
import type { XmlElement } from './xml-tree';

/**
 * Every problem with an IR file is reported the same way — file, place, what was expected,
 * what was found — so people can go straight to the spot in the XML.
 */
export function irError(
  file: string,
  place: string,
  expected: string,
  found?: string,
  detail?: string,
): UserError {
  const tail = found === undefined ? '' : `, found ${found}`;
  return new UserError('ModelError', `${file}, ${place}: expected ${expected}${tail}`, detail);
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

/** Quote a found value for a message, shortening huge ones so messages stay readable. */
export function shown(value: string): string {
  const short = value.length > 60 ? value.slice(0, 57) + '...' : value;
  return JSON.stringify(short);
}
