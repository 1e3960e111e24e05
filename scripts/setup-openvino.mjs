// `npm run setup:openvino`: make the project-local virtual environment .venv-openvino/ and
// install the pinned OpenVINO Runtime from PyPI into it. The openvino engine finds that
// Python by itself (core/engines/openvino/python.ts); SPARSESCOPE_OPENVINO_PYTHON may name
// any other Python that has openvino. Idempotent: a venv that already has the pinned
// version is left alone. Needs python3 with the venv module (Debian: python3-venv).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Keep in step with OPENVINO_PIN in core/engines/openvino/python.ts. */
export const OPENVINO_PIN = '2026.4.1';
const venv = path.join(root, '.venv-openvino');
const python = path.join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (r.error) return { ok: false, why: r.error.message };
  return { ok: r.status === 0, why: `exit code ${r.status}` };
}

function installedVersion() {
  if (!existsSync(python)) return null;
  const r = spawnSync(python, ['-c', 'import openvino; print(openvino.__version__)'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

const have = installedVersion();
if (have !== null && have.startsWith(OPENVINO_PIN)) {
  console.log(`setup:openvino: ${path.relative(root, venv)} already has openvino ${have}.`);
  process.exit(0);
}

if (!existsSync(python)) {
  const host = process.env.PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
  console.log(`setup:openvino: creating ${path.relative(root, venv)} with ${host} -m venv`);
  const made = run(host, ['-m', 'venv', venv]);
  if (!made.ok) {
    console.error(
      `setup:openvino: "${host} -m venv ${venv}" failed (${made.why}). Install Python 3.9–3.13 with its venv module (Debian: apt-get install python3-venv), or set PYTHON to one.`,
    );
    process.exit(1);
  }
}

console.log(`setup:openvino: installing openvino==${OPENVINO_PIN} from PyPI (~280 MB)`);
const pip = run(python, [
  '-m',
  'pip',
  'install',
  '--disable-pip-version-check',
  '--no-input',
  '--progress-bar',
  'off',
  `openvino==${OPENVINO_PIN}`,
]);
if (!pip.ok) {
  console.error(`setup:openvino: pip install openvino==${OPENVINO_PIN} failed (${pip.why}).`);
  process.exit(1);
}
const now = installedVersion();
if (now === null) {
  console.error(
    'setup:openvino: openvino was installed but does not import; see the output above.',
  );
  process.exit(1);
}
console.log(`setup:openvino: ready — openvino ${now} in ${path.relative(root, venv)}`);
