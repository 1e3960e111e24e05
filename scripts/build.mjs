// Build what SparseScope runs from: core bundles (CLI, workers), Electron main + preload,
// the renderer (Vite) and the builtin runtime's WebAssembly kernels (AssemblyScript).
// Usage: node scripts/build.mjs [core] [electron] [renderer] [wasm] [native]   (no args = all)
import { copyFileSync, readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

function walk(dir, accept, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, accept, out);
    else if (accept(full)) out.push(full);
  }
  return out;
}

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  packages: 'external',
  logLevel: 'warning',
};

export async function buildCore() {
  // Data files the core reads at run time, beside its bundles.
  mkdirSync(path.join(dist, 'openvino'), { recursive: true });
  copyFileSync(
    path.join(root, 'core/engines/openvino/ov-worker.py'),
    path.join(dist, 'openvino/ov-worker.py'),
  );
  // Worker entries are files named *.worker.ts anywhere in core; each becomes dist/core/NAME.js.
  const workers = walk(path.join(root, 'core'), (f) => f.endsWith('.worker.ts'));
  const entryPoints = { bin: path.join(root, 'core/cli/bin.ts') };
  for (const w of workers) entryPoints[path.basename(w, '.ts')] = w;
  await esbuild.build({
    ...nodeCommon,
    entryPoints,
    outdir: path.join(dist, 'core'),
    format: 'esm',
  });
}

export async function buildElectron() {
  await esbuild.build({
    ...nodeCommon,
    entryPoints: { main: path.join(root, 'electron/main.ts') },
    outdir: path.join(dist, 'electron'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
  });
  // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
  await esbuild.build({
    ...nodeCommon,
    packages: undefined,
    external: ['electron'],
    entryPoints: { preload: path.join(root, 'electron/preload.ts') },
    outdir: path.join(dist, 'electron'),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
  });
}

export async function buildRenderer() {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

export function buildWasm() {
  const kernels = path.join(root, 'core/engines/builtin/kernels');
  const sources = walk(kernels, (f) => f.endsWith('.entry.ts'));
  if (sources.length === 0) return;
  mkdirSync(path.join(dist, 'wasm'), { recursive: true });
  // Each module twice: baseline SIMD, and relaxed SIMD (FMA) that the engine uses where the
  // runtime accepts it.
  const variants = [
    { suffix: '', enable: [] },
    { suffix: '-relaxed', enable: ['--enable', 'relaxed-simd'] },
  ];
  for (const src of sources)
    for (const v of variants) {
      const out = path.join(dist, 'wasm', path.basename(src, '.entry.ts') + v.suffix + '.wasm');
      compileAsc(src, out, v.enable);
    }
}

function compileAsc(src, out, enable) {
  const asc = path.join(root, 'node_modules/assemblyscript/bin/asc.js');
  const result = spawnSync(
    process.execPath,
    [
      asc,
      src,
      ...enable,
      '-o',
      out,
      '-O3',
      '--runtime',
      'stub',
      '--enable',
      'simd',
      '--enable',
      'threads',
      '--importMemory',
      '--sharedMemory',
      '--initialMemory',
      '1',
      '--maximumMemory',
      '65536',
      '--noExportMemory',
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`asc failed on ${src}`);
}

/** The builtin engine's optional native kernels: a failure is a note, never a failed build. */
export async function buildNativeKernels() {
  const { buildNative } = await import('../core/engines/builtin/native/build-native.mjs');
  const info = await buildNative(dist);
  if (!info.ok)
    console.warn(`build: native kernels not built (${info.reason}); the builtin engine uses wasm`);
}

const TARGETS = {
  core: buildCore,
  electron: buildElectron,
  renderer: buildRenderer,
  wasm: buildWasm,
  native: buildNativeKernels,
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const asked = process.argv.slice(2);
  for (const name of asked)
    if (!(name in TARGETS)) {
      console.error(
        `build: unknown target "${name}" (expected ${Object.keys(TARGETS).join(', ')})`,
      );
      process.exit(2);
    }
  const started = Date.now();
  for (const name of asked.length ? asked : Object.keys(TARGETS)) await TARGETS[name]();
  console.log(
    `build: ${asked.length ? asked.join(' ') : 'all'} done in ${Date.now() - started} ms`,
  );
}
