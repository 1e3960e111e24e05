// What the engine benchmarks share: the TypeScript sources they drive, bundled once into
// dist/perf (so the session workers load the same code), generated models cached in the OS
// temp folder, and feeds for the generated BERTs.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSources, root } from '../perf-lib.mjs';

export { root };
export const LIB = path.join(root, 'dist/perf/engines-lib.mjs');

/** Bundle the sources the benchmark needs and build the kernels (wasm and native). */
export async function buildLib() {
  await bundleSources('engines-lib', [
    "export { builtinEngine } from './core/engines/builtin/builtin-engine';",
    "export { ortEngine } from './core/engines/ort/ort-engine';",
    "export { generateBert } from './core/model/generate/bert';",
    "export { BERT_PRESETS } from './core/model/generate/bert-options';",
    "export { writeOnnx } from './core/model/onnx/onnx-writer';",
    "export { machineInfo } from './core/bench/machine';",
    "export { Runtime } from './core/engines/builtin/runtime';",
    "export { selectTier } from './core/engines/builtin/tier-select';",
    "export { NATIVE_KERNELS } from './core/engines/builtin/kernel-call';",
  ]);
  const build = await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href);
  build.buildWasm();
  await build.buildNativeKernels();
}

export async function loadLib() {
  return import(pathToFileURL(LIB).href);
}

/** A generated BERT (cached by preset, precision and sparsity; same seed, same bytes). */
export function modelFile(lib, preset, precision, sparsity) {
  const dir = path.join(os.tmpdir(), 'sparsescope-bench-engines');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${preset}-${precision}-${sparsity}.onnx`);
  if (existsSync(file)) return file;
  const model = lib.generateBert({ ...lib.BERT_PRESETS[preset], precision, sparsity, seed: 1 });
  writeFileSync(file + '.part', lib.writeOnnx(model));
  renameSync(file + '.part', file);
  return file;
}

/** Feeds of a generated BERT: batch 1, `seq` tokens, every token attended. */
export function bertFeeds(seq, vocab) {
  const ids = (f) => ({
    dtype: 'int64',
    dims: [1, seq],
    data: BigInt64Array.from({ length: seq }, (_, i) => BigInt(f(i))),
  });
  return {
    input_ids: ids((i) => (i * 7919 + 13) % vocab),
    attention_mask: ids(() => 1),
    token_type_ids: ids(() => 0),
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** median, min and max of some numbers. */
export function spread(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}
