// What the perf scripts share: bundling the TypeScript sources they drive into dist/perf
// (next to dist/core, so distPath() resolves as it does for the CLI) and the quick-start mini
// model, generated once into the OS temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bundle `exports` (lines of `export … from './core/…'`) to dist/perf/NAME.mjs and import it. */
export async function bundleSources(name, exports) {
  const esbuild = await import('esbuild');
  const outfile = path.join(root, 'dist/perf', `${name}.mjs`);
  await esbuild.build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return { file: outfile, lib: await import(pathToFileURL(outfile).href) };
}

/** `make-model --preset mini`, cached in the OS temp folder (same flags, same bytes). */
export function miniModel() {
  const work = path.join(os.tmpdir(), 'sparsescope-perf');
  mkdirSync(work, { recursive: true });
  const model = path.join(work, 'mini.onnx');
  if (existsSync(model)) return model;
  console.log('generating mini model (make-model --preset mini) …');
  const r = spawnSync(
    process.execPath,
    ['bin/sparsescope.mjs', 'make-model', '--preset', 'mini', '-o', model],
    { cwd: root, encoding: 'utf8' },
  );
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(2);
  }
  return model;
}
