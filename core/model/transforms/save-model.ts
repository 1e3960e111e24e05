import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../api/errors';
import type { GraphModel } from '../graph';
import { writeOnnx } from '../onnx/onnx-writer';

/**
 * Serialise a model to ONNX and write it atomically: to a temporary name in the target
 * folder, then renamed over the target, so a failure (bad model, full disk, Ctrl-C) never
 * leaves a half-written or missing file. Returns the number of bytes written.
 */
export async function saveOnnxModel(model: GraphModel, file: string): Promise<number> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError('WriteFailed', `Cannot write ${file}: folder ${dir} does not exist.`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UserError('WriteFailed', `Cannot write ${file}: it is a folder.`);
  }
  const bytes = writeOnnx(model);
  const tmp = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UserError('WriteFailed', `Cannot write ${file}.`, (err as Error).message);
  }
  return bytes.byteLength;
}
