import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { realPathInside } from '../../util/contained-path';
import { readFileSafe } from '../../util/safe-file';
import type { Dim, DType, Tensor } from '../graph';
import { packedByteSize } from './element-types';
import { irError } from './ir-error';
import { parseIntStrict, staticElementCount } from './ir-shapes';
import { layerPlace, type XmlElement } from './xml-tree';

/** The `.bin` beside an `.xml`; `bytes` is null when the file does not exist. */
export interface WeightsFile {
  path: string;
  bytes: Uint8Array | null;
}

/** model.xml → model.bin in the same folder (OpenVINO's own rule for the weights path). */
export function binPathFor(xmlPath: string): string {
  const parsed = path.parse(xmlPath);
  return path.join(parsed.dir, parsed.name + '.bin');
}

/**
 * Read the whole .bin once; every Const becomes a view onto this one buffer. A missing file
 * is not an error yet — a model without Const layers needs no weights — so it is reported
 * by the first Const that needs it.
 */
export async function readWeights(xmlPath: string): Promise<WeightsFile> {
  const binPath = binPathFor(xmlPath);
  if (!existsSync(binPath)) return { path: binPath, bytes: null };
  // Beside the .xml means really beside it: a .bin that is a link out of the folder is refused.
  if (realPathInside(path.dirname(path.resolve(xmlPath)), binPath) === null) {
    throw new UserError(
      'BadModel',
      `${binPath}: the weights file of ${xmlPath} is a link leading out of the model's folder; expected a file beside the .xml.`,
    );
  }
  const buf = await readFileSafe(binPath, {
    maxBytes: MAX_BIN_BYTES,
    kind: 'BadModel',
    what: 'weights file (.bin)',
  });
  return { path: binPath, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

/** The largest .bin read in one piece (Node's Buffer limit). */
const MAX_BIN_BYTES = 2 ** 32 - 1;

/**
 * A Const layer's tensor: checks that offset/size agree with the shape and element type
 * and lie inside the .bin, then hands out a view (never a copy) of those bytes.
 */
export function constTensor(
  file: string,
  layer: XmlElement,
  data: XmlElement,
  valueName: string,
  dtype: DType,
  dims: Dim[],
  weights: WeightsFile,
): Tensor {
  const place = layerPlace(layer) + ' (Const)';
  if (dtype === 'string') {
    throw irError(
      file,
      place,
      'a numeric element type',
      'element_type "string" (string constants are not supported)',
    );
  }
  const count = staticElementCount(dims);
  if (count === null) {
    throw irError(
      file,
      place,
      'a static shape for a constant',
      `[${dims.map((d) => d ?? '?').join(',')}]`,
    );
  }
  const offset = nonNegative(file, place, data, 'offset');
  const size = nonNegative(file, place, data, 'size');
  const expected = packedByteSize(dtype, count);
  if (expected !== size) {
    throw irError(
      file,
      place,
      `size="${expected}" (${count} elements of ${dtype}, shape [${dims.join(',')}])`,
      `size="${size}"`,
    );
  }
  const end = offset + size;
  if (weights.bytes === null) {
    throw new UserError(
      'BadModel',
      `Weights file ${weights.path} not found: ${file}, ${place} needs bytes ${offset}..${end} (offset ${offset}, size ${size}) from it`,
    );
  }
  if (end > weights.bytes.length) {
    throw new UserError(
      'BadModel',
      `Weights file ${weights.path} is too short: ${file}, ${place} needs bytes ${offset}..${end} (offset ${offset}, size ${size}) but the file has ${weights.bytes.length} bytes`,
    );
  }
  const view = weights.bytes.subarray(offset, end);
  return {
    name: valueName,
    dtype,
    dims: dims as number[],
    bytes: () => view,
    location: { kind: 'external', file: weights.path, offset, length: size },
  };
}

function nonNegative(file: string, place: string, data: XmlElement, attr: string): number {
  const raw = data.attrs[attr];
  if (raw === undefined) throw irError(file, place, `a ${attr}="…" attribute in <data>`, 'none');
  const n = parseIntStrict(raw);
  if (n === null || n < 0)
    throw irError(file, place, `${attr} to be a non-negative integer`, JSON.stringify(raw));
  return n;
}
