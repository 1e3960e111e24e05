import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../core/util/paths';
import { buildCore, buildElectron, buildWasm } from '../../../scripts/build.mjs';

// `npm run dist` needs Electron's download, so it is not run here; what can be checked
// without it is: the electron-builder configuration is valid, and every file the packaged
// app loads at run time is in it (and outside the asar archive where another process or the
// OS loader reads it).

const require = createRequire(import.meta.url);
const root = projectRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  build: {
    icon: string;
    files: string[];
    asarUnpack: string[];
    linux: { target: string[] };
    mac: { target: string[] };
    win: { target: string[] };
    fileAssociations: Array<{ ext: string }>;
  };
};
const minimatch = require('minimatch') as { minimatch(p: string, glob: string): boolean };

beforeAll(async () => {
  await buildCore();
  await buildElectron();
  buildWasm();
}, 120_000);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

/** electron-builder's rule: the last pattern that matches decides, "!" excludes. */
function included(file: string, patterns: readonly string[]): boolean {
  let inside = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch.minimatch(file, p.slice(1))) inside = false;
    } else if (minimatch.minimatch(file, p)) inside = true;
  }
  return inside;
}

describe('electron-builder configuration', () => {
  it('validates against electron-builder’s own schema', () => {
    const Ajv = require('ajv') as new (o: object) => {
      validate(schema: object, data: unknown): boolean;
      errors: unknown;
    };
    const schema = JSON.parse(
      readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const ok = ajv.validate(schema, pkg.build);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds AppImage and deb, dmg, nsis, with an icon and the model file associations', () => {
    expect(pkg.build.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(pkg.build.mac.target).toContain('dmg');
    expect(pkg.build.win.target).toContain('nsis');
    expect(existsSync(path.join(root, pkg.build.icon))).toBe(true);
    expect(pkg.build.fileAssociations.map((a) => a.ext).sort()).toEqual(['onnx', 'xml']);
  });

  it('ships every file the app loads at run time, unpacked where others read it', () => {
    const shipped = walk(path.join(root, 'dist')).filter((f) => included(f, pkg.build.files));
    const need = [
      pkg.main,
      'dist/electron/preload.cjs',
      'dist/core/stream.worker.js',
      'dist/core/model-facts.worker.js',
      'dist/core/profile.worker.js',
      'dist/openvino/ov-worker.py',
      ...walk(path.join(root, 'dist/wasm')).filter((f) => f.endsWith('.wasm')),
    ];
    for (const f of need) expect(shipped, f).toContain(f);
    // Worker threads, WebAssembly, Python and native addons read from disk, not from the archive.
    for (const f of need.filter((x) => /\.(worker\.js|wasm|py|node)$/.test(x)))
      expect(included(f, pkg.build.asarUnpack), f).toBe(true);
    expect(
      included(
        'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
        pkg.build.asarUnpack,
      ),
    ).toBe(true);
  });

  it('lists every package the bundles import at run time in "dependencies"', () => {
    const bundles = [
      pkg.main,
      'dist/core/bin.js',
      ...walk(path.join(root, 'dist/core')).filter((f) => f.endsWith('.worker.js')),
    ];
    const bare = new Set<string>();
    for (const b of bundles) {
      const text = readFileSync(path.join(root, b), 'utf8');
      for (const m of text.matchAll(
        /(?:from\s*|import\(\s*|require\(\s*)["']([^"'./][^"']*)["']/g,
      )) {
        const spec = m[1]!;
        const name = spec.startsWith('@')
          ? spec.split('/').slice(0, 2).join('/')
          : spec.split('/')[0]!;
        bare.add(name);
      }
    }
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const missing = [...bare].filter(
      (n) =>
        !builtins.has(n) && !n.startsWith('node:') && n !== 'electron' && !(n in pkg.dependencies),
    );
    expect(missing).toEqual([]);
  });
});
