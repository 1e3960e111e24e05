import type { GraphModel } from '../graph';
import { writeOnnx } from '../onnx/onnx-writer';
import { writeFileAtomic } from '../../util/atomic-write';

/**
 * Serialise a model to ONNX and write it atomically, so a failure (bad model, full disk,
 * Ctrl-C) never leaves a half-written or missing file. Returns the number of bytes written.
 */
export async function saveOnnxModel(model: GraphModel, file: string): Promise<number> {
  const bytes = writeOnnx(model);
  await writeFileAtomic(file, bytes);
  return bytes.byteLength;
}
