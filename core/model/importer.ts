import type { ModelFormat } from '../api/names';
import type { GraphModel } from './graph';

/**
 * One importer per file format, registered in core/model/registry.ts. Detection goes by
 * extension, then magic bytes, then structure; each importer that declines says why, and
 * the registry lists every reason when no importer accepts a file.
 */
export interface Importer {
  id: ModelFormat;
  /** Lower-case extensions with the dot, e.g. ['.onnx']. */
  extensions: string[];
  /**
   * Cheap check on the first bytes (up to 4 KiB) and the file name: true when this importer
   * should try the file, else the reason it declines (e.g. "not XML: starts with 0x08").
   */
  sniff(head: Uint8Array, fileName: string): true | string;
  /**
   * Read the model. `bytes` is the whole file; tensors must be views onto it, not copies.
   * Throws UserError('BadModel', message naming file, place and expectation) on bad input.
   */
  open(path: string, bytes: Uint8Array): Promise<GraphModel>;
}
