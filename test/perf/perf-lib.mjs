// What the perf scripts share: bundling the TypeScript sources they drive into dist/perf
// (next to dist/core, so distPath() resolves as it does for the CLI) and the quick-start mini
// model, generated once into the OS temp folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The script's options, or its usage on --help (exit 0) and on a bad option (exit 2, with what
 * was wrong): parseArgs alone would end in a stack trace.
 */
export function parseOptions(usage, options) {
  const fail = (code, why) => {
    (code ? console.error : console.log)(`${why ? `${why}\n` : ''}usage: ${usage}`);
    process.exit(code);
  };
  if (process.argv.includes('--help') || process.argv.includes('-h')) fail(0);
  try {
    return parseArgs({ args: process.argv.slice(2), options, strict: true }).values;
  } catch (err) {
    return fail(2, err.message);
  }
}

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
