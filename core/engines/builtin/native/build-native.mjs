// Builds the builtin engine's native kernel tier: a Node-API addon compiled from this folder
// with the machine's C compiler (no node-gyp: N-API needs only node_api.h, and the addon
// resolves its symbols from the host process). x86-64 gets three builds of the same kernel
// sources (AVX-512, AVX2, generic) chosen at run time by CPU; other machines get the generic
// one (NEON on arm64). It never fails the project build: a missing compiler or header, or a
// failed compile, leaves build-info.json saying why, and the engine falls back to wasm.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADDON_NAME = 'sparsescope-kernels.node';
const INFO_VERSION = 1;

const X86_BUILDS = [
  {
    isa: 'avx512',
    file: 'kernels-avx512.c',
    flags: ['-mavx512f', '-mavx512bw', '-mavx512vl', '-mavx512vnni', '-mfma'],
  },
  { isa: 'avx2', file: 'kernels-avx2.c', flags: ['-mavx2', '-mfma'] },
  { isa: 'generic', file: 'kernels-generic.c', flags: [] },
];
const OTHER_BUILDS = [{ isa: 'generic', file: 'kernels-generic.c', flags: [] }];
const COMMON = ['-O3', '-fPIC', '-fno-math-errno', '-ffp-contract=fast', '-std=gnu11'];

/** Where Node-API's headers are: Node's own include dir, then the usual system places. */
function nodeHeaders() {
  const candidates = [
    process.env.SPARSESCOPE_NODE_HEADERS,
    path.join(path.dirname(process.execPath), '..', 'include', 'node'),
    '/usr/include/node',
    '/usr/local/include/node',
    path.join(os.homedir(), '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
  ];
  return candidates.find((d) => d && existsSync(path.join(d, 'node_api.h'))) ?? null;
}

/**
 * The AVX-512 build gets AMX tile intrinsics when the compiler knows them (GCC 11+, Clang
 * 12+); the kernels use them only where the CPU and the OS allow (impl-amx.h).
 */
function withAmx(cc, build) {
  if (build.isa !== 'avx512') return build;
  const amx = ['-mamx-tile', '-mamx-int8'];
  const probe = spawnSync(cc, [...amx, '-x', 'c', '-c', '-o', os.devNull, '-'], {
    input: '#include <immintrin.h>\nvoid f(void) { _tile_release(); }\n',
  });
  return probe.status === 0 ? { ...build, flags: [...build.flags, ...amx] } : build;
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ ok: false, err: e.message }));
    child.on('close', (code) => resolve({ ok: code === 0, err }));
  });
}

function newestSource() {
  return Math.max(
    ...readdirSync(here)
      .filter((f) => /\.(c|h|mjs)$/.test(f))
      .map((f) => statSync(path.join(here, f)).mtimeMs),
  );
}

/**
 * Build dist/native/ADDON_NAME (skipped when newer than every source). Returns the
 * build-info object it also writes: {version, ok, reason?, isas, compiler, …}.
 */
export async function buildNative(distDir) {
  const out = path.join(distDir, 'native');
  mkdirSync(out, { recursive: true });
  const addon = path.join(out, ADDON_NAME);
  const infoFile = path.join(out, 'build-info.json');
  const fresh =
    existsSync(addon) && existsSync(infoFile) && statSync(addon).mtimeMs >= newestSource();
  if (fresh && process.env.SPARSESCOPE_NATIVE !== 'off')
    return { version: INFO_VERSION, ok: true, cached: true };
  const info = await compile(out, addon);
  writeFileSync(infoFile, JSON.stringify(info, null, 2) + '\n');
  return info;
}

async function compile(out, addon) {
  const base = { version: INFO_VERSION, builtAt: new Date().toISOString(), node: process.version };
  const fail = (reason, extra = {}) => {
    rmSync(addon, { force: true });
    return { ...base, ok: false, reason, ...extra };
  };
  if (process.env.SPARSESCOPE_NATIVE === 'off') return fail('SPARSESCOPE_NATIVE=off');
  if (process.platform === 'win32')
    return fail('native kernels are built with a Unix C compiler; Windows uses the wasm tier');
  const cc = process.env.CC || 'cc';
  const version = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return fail(`no C compiler (${cc} --version failed)`);
  const headers = nodeHeaders();
  if (!headers)
    return fail('Node-API headers (node_api.h) not found; set SPARSESCOPE_NODE_HEADERS');
  const builds = process.arch === 'x64' ? X86_BUILDS.map((b) => withAmx(cc, b)) : OTHER_BUILDS;
  const objDir = path.join(out, 'obj');
  mkdirSync(objDir, { recursive: true });
  const includes = [`-I${here}`, `-I${headers}`];
  const compiled = await Promise.all(
    [...builds, { isa: 'addon', file: 'addon.c', flags: [] }].map(async (b) => {
      const obj = path.join(objDir, b.file.replace(/\.c$/, '.o'));
      const r = await run(cc, [
        ...COMMON,
        ...b.flags,
        ...includes,
        '-c',
        path.join(here, b.file),
        '-o',
        obj,
      ]);
      return { ...b, obj, ...r };
    }),
  );
  const bad = compiled.find((c) => !c.ok);
  if (bad) return fail(`${cc} failed on ${bad.file}`, { stderr: bad.err.slice(-2000) });
  const linkFlags =
    process.platform === 'darwin' ? ['-bundle', '-undefined', 'dynamic_lookup'] : ['-shared'];
  const link = await run(cc, [...linkFlags, ...compiled.map((c) => c.obj), '-o', addon, '-lm']);
  if (!link.ok)
    return fail(`${cc} failed to link ${ADDON_NAME}`, { stderr: link.err.slice(-2000) });
  // Load it once in a fresh process: a broken addon must not reach a session.
  const probe = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addon)}).info()))`],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0)
    return fail('the built addon does not load', { stderr: probe.stderr.slice(-2000) });
  return {
    ...base,
    ok: true,
    compiler: version.stdout.split('\n')[0],
    flags: COMMON.join(' '),
    arch: process.arch,
    platform: process.platform,
    isas: JSON.parse(probe.stdout),
  };
}
