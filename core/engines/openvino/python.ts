import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readJson } from '../../util/json-reader';
import { distPath, projectRoot, unpackedPath } from '../../util/paths';

/**
 * Where OpenVINO comes from: a Python that has PyPI's `openvino` — the one named by
 * SPARSESCOPE_OPENVINO_PYTHON, else the project's own venv made by `npm run setup:openvino`.
 * Whether it works is checked for real, once per process and Python: the worker itself is
 * started with --probe and must print one JSON line naming OpenVINO's version and the CPU.
 */

/** Keep in step with OPENVINO_PIN in scripts/setup-openvino.mjs. */
export const OPENVINO_PIN = '2026.4.1';
export const PYTHON_ENV = 'SPARSESCOPE_OPENVINO_PYTHON';
/** The exact command that makes the engine available, shown wherever it is not. */
export const SETUP_COMMAND = 'npm run setup:openvino';
const PROBE_TIMEOUT_MS = 30_000;

export interface OpenvinoStatus {
  available: boolean;
  /** The Python that runs the worker (null when none was found). */
  python: string | null;
  /** OpenVINO's full version, e.g. "2026.4.1-22982-…". */
  version: string | null;
  /** The CPU plugin's FULL_DEVICE_NAME. */
  deviceName: string | null;
  /** Why it is unavailable, with the command that fixes it. */
  reason: string | null;
}

/**
 * The worker script, copied into dist/openvino by the build (it is data for Python, not
 * bundled code) so that the packaged app ships it, unpacked where Python can read it.
 */
export function workerScript(): string {
  return unpackedPath(distPath('openvino', 'ov-worker.py'));
}

export function venvPython(): string {
  const bin = process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python';
  return path.join(projectRoot(), '.venv-openvino', bin);
}

function unavailable(python: string | null, why: string): OpenvinoStatus {
  return {
    available: false,
    python,
    version: null,
    deviceName: null,
    reason: `${why} Run \`${SETUP_COMMAND}\` (makes .venv-openvino/ with openvino==${OPENVINO_PIN} from PyPI), or set ${PYTHON_ENV} to a Python that has openvino.`,
  };
}

const cache = new Map<string, OpenvinoStatus>();

/** Find and probe OpenVINO (cached per Python path; `fresh` probes again). */
export function openvinoStatus(fresh = false): OpenvinoStatus {
  const fromEnv = process.env[PYTHON_ENV];
  const python = fromEnv ? fromEnv : venvPython();
  if (!fromEnv && !existsSync(python)) {
    return unavailable(null, 'OpenVINO is not installed.');
  }
  const known = cache.get(python);
  if (known && !fresh) return known;
  const status = probe(python, fromEnv ? `${PYTHON_ENV}=${python}` : python);
  cache.set(python, status);
  return status;
}

function probe(python: string, shown: string): OpenvinoStatus {
  const r = spawnSync(python, [workerScript(), '--probe'], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return unavailable(null, `${shown} cannot be started (${r.error.message}).`);
  const line = r.stdout.split('\n').find((l) => l.trim() !== '') ?? '';
  let reply: Record<string, unknown>;
  try {
    reply = readJson(line, { source: `${shown} --probe`, kind: 'EngineUnavailable' }) as Record<
      string,
      unknown
    >;
  } catch {
    const tail = (r.stderr || r.stdout).trim().split('\n').at(-1) ?? '';
    return unavailable(
      python,
      `${shown} did not answer the OpenVINO probe (${tail || `exit code ${r.status}`}).`,
    );
  }
  if (reply.ok !== true) {
    return unavailable(python, `${shown} has no working openvino (${String(reply.error)}).`);
  }
  const devices = Array.isArray(reply.devices) ? reply.devices.map(String) : [];
  if (!devices.includes('CPU')) {
    return unavailable(
      python,
      `OpenVINO at ${shown} sees no CPU device (devices: ${devices.join(', ') || 'none'}).`,
    );
  }
  return {
    available: true,
    python,
    version: typeof reply.version === 'string' ? reply.version : null,
    deviceName: typeof reply.device_name === 'string' ? reply.device_name : null,
    reason: null,
  };
}
