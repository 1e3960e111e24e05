import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCore } from '../../../scripts/build.mjs';
import { tinyBertOnnx, type TinyModelOptions } from '../bench/fixtures/tiny-onnx';

/**
 * For tests that run benchmarks: builds the core bundle (stream workers run from it, so it
 * must match the current sources) and writes a tiny BERT-shaped model into a new temp folder.
 */
export async function makeBenchFixture(
  name: string,
  options: TinyModelOptions,
): Promise<{ dir: string; model: string }> {
  await buildCore();
  const dir = mkdtempSync(path.join(os.tmpdir(), `sparsescope-${name}-`));
  const model = path.join(dir, 'tiny.onnx');
  writeFileSync(model, tinyBertOnnx(options));
  return { dir, model };
}
