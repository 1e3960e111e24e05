// `npm start`: build, then open the Electron window where Electron's binary is available;
// otherwise (no binary and no way to fetch it, no display, or --web) serve the same UI in
// web mode on 127.0.0.1 and print its URL with the access token.
// Flags: --web  --no-open  --port N  --host H --allow-remote  --folder DIR (repeatable)
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let flags;
try {
  flags = parseArgs({
    args: process.argv.slice(2),
    options: {
      web: { type: 'boolean' },
      'no-open': { type: 'boolean' },
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      folder: { type: 'string', multiple: true },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(
    `npm start: ${err.message}\nUsage: npm start -- [--web] [--no-open] [--port N] [--host H]`,
  );
  process.exit(2);
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

/** Electron's binary path, or the reason there is none. Electron fetches it on first use. */
function findElectron() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  const probe = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write('\\nELECTRON_PATH=' + require('electron'))"],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  // Electron's lazy download prints progress on stdout too; the path follows the marker.
  const found = /\nELECTRON_PATH=(.+)$/.exec(probe.stdout ?? '');
  if (probe.status === 0 && found) return { binary: found[1] };
  const text = `${probe.stderr ?? ''}${probe.error ? probe.error.message : ''}`;
  const why = /fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ETIMEOUT|getaddrinfo[^\n]*/.exec(text);
  return {
    reason: `Electron's binary is not available and could not be downloaded (${why ? why[0] : 'download failed'})`,
  };
}

const electron = flags.web ? { reason: '--web given' } : findElectron();
if (electron.binary) {
  const child = spawn(electron.binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`SparseScope: web mode — ${electron.reason}.`);
  const args = [path.join(root, 'dist/core/bin.js'), 'serve'];
  if (flags.port) args.push('--port', flags.port);
  if (flags.host) args.push('--host', flags.host);
  if (flags['allow-remote']) args.push('--allow-remote');
  for (const folder of flags.folder ?? []) args.push('--folder', folder);
  if (flags['no-open']) args.push('--no-open');
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
