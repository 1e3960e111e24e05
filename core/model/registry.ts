import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../api/errors';
import { readFileSafeSync } from '../util/safe-file';
import type { GraphModel } from './graph';
import type { Importer } from './importer';
import { onnxImporter } from './onnx/onnx-importer';
import { openvinoIrImporter } from './openvino-ir/ir-importer';

/**
 * Every model importer, tried in this order after the extension match.
 * ── Add new importers here, one line each. ──
 */
export const IMPORTERS: Importer[] = [
  onnxImporter,
  // openvinoIrImporter (core/model/openvino-ir/ir-importer.ts) goes on the next line.
  openvinoIrImporter,
];

const HEAD_BYTES = 4096;

function fail(file: string, what: string, detail?: string): never {
  throw new UserError('BadModel', `${file}: ${what}`, detail);
}

/** Read the first bytes without loading the whole file (sniffing must stay cheap). */
function readHead(file: string, size: number): Uint8Array {
  const head = new Uint8Array(Math.min(HEAD_BYTES, size));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head;
}

/** ONNX's protobuf encoding caps one file at 2 GiB; larger weights live in external data. */
const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;

function readAll(file: string): Uint8Array {
  return readFileSafeSync(file, {
    maxBytes: MAX_MODEL_FILE_BYTES,
    kind: 'BadModel',
    what: 'model file (store weights over 2 GiB as external data)',
  });
}

/**
 * Open a model file with the right importer: candidates whose extension matches go first,
 * then every importer whose sniff of the first bytes accepts. When none accepts, the error
 * lists each importer's reason.
 */
export async function openModelFile(file: string): Promise<GraphModel> {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory())
      fail(file, 'is a directory; expected a model file (.onnx, or OpenVINO IR .xml)');
    if (!st.isFile()) fail(file, 'is not a regular file; expected a model file');
    size = st.size;
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    return fail(
      file,
      code === 'ENOENT' ? 'no such file' : `cannot be opened (${code ?? (err as Error).message})`,
    );
  }
  if (size === 0) fail(file, 'is empty; expected a model file (.onnx, or OpenVINO IR .xml)');

  let head: Uint8Array;
  try {
    head = readHead(file, size);
  } catch (err) {
    return fail(
      file,
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const name = path.basename(file);
  const ext = path.extname(name).toLowerCase();
  const byExtension = IMPORTERS.filter((i) => i.extensions.includes(ext));
  const reasons: string[] = [];
  const candidates: Importer[] = [];
  // An extension match is a strong claim: try that importer even if its sniff hesitates,
  // so its own detailed error (naming the place in the file) reaches the user.
  candidates.push(...byExtension);
  for (const importer of IMPORTERS) {
    if (candidates.includes(importer)) continue;
    const verdict = importer.sniff(head, name);
    if (verdict === true) candidates.push(importer);
    else reasons.push(`${importer.id}: ${verdict}`);
  }
  if (candidates.length === 0) {
    fail(
      file,
      `is not a model format SparseScope reads (ONNX .onnx, OpenVINO IR .xml)`,
      reasons.join('; '),
    );
  }
  const bytes = readAll(file);
  const errors: UserError[] = [];
  for (const importer of candidates) {
    try {
      return await importer.open(file, bytes);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // With an extension match, that importer's error is the one that matters.
      if (byExtension.includes(importer)) throw err;
      errors.push(err);
      reasons.push(`${importer.id}: ${err.message}`);
    }
  }
  if (errors.length === 1) throw errors[0]!;
  return fail(file, 'could not be read as any supported model format', reasons.join('; '));
}
