import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The project root: the nearest folder above this module holding SparseScope's package.json.
 * Works the same from TypeScript sources (tests) and from bundles in dist/.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'sparsescope') return (root = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('SparseScope package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** A path inside the build output (dist/). */
export function distPath(...parts: string[]): string {
  return path.join(projectRoot(), 'dist', ...parts);
}

/**
 * The path another process can open: inside the packaged desktop app, files that are read
 * by something other than Electron's patched fs (Python, the OS loader) live beside the
 * archive, in app.asar.unpacked (package.json "build.asarUnpack").
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** SparseScope's version from package.json. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** A worker bundle of the core (NAME.worker.ts anywhere in core → dist/core/NAME.worker.js). */
export function workerPath(name: string): string {
  return unpackedPath(distPath('core', `${name}.worker.js`));
}
