import { createRequire } from 'node:module';
import type { EngineInfo } from '../api/contract';
import { UserError } from '../api/errors';
import type { EngineId } from '../api/names';
import { kernelModule } from './builtin/wasm-kernels';
import { openvinoStatus, SETUP_COMMAND } from './openvino/python';
import { appVersion } from '../util/paths';

const require = createRequire(import.meta.url);

/** Which engines work here, checked for real: the ORT native binding must load. */
export function listEngines(): EngineInfo[] {
  return [ortInfo(), builtinInfo(), openvinoInfo()];
}

/**
 * Refuse work that names an engine this machine cannot run, before any of it starts, with
 * the engine's own reason (for openvino: the command that installs it).
 */
export function assertEnginesAvailable(ids: readonly EngineId[]): void {
  const missing = listEngines().filter((e) => ids.includes(e.id) && !e.available);
  if (missing.length === 0) return;
  throw new UserError(
    'EngineUnavailable',
    missing
      .map((e) => `The ${e.id} engine is not available: ${e.note ?? 'no reason given'}`)
      .join(' '),
  );
}

function openvinoInfo(): EngineInfo {
  const status = openvinoStatus();
  return {
    id: 'openvino',
    name: 'OpenVINO Runtime (PyPI openvino, CPU plugin)',
    version: status.version,
    available: status.available,
    note: status.available
      ? `${status.deviceName ?? 'CPU'} via ${status.python}`
      : (status.reason ?? `Run \`${SETUP_COMMAND}\`.`),
  };
}

function ortInfo(): EngineInfo {
  const base = { id: 'ort', name: 'ONNX Runtime (onnxruntime-node)' } as const;
  try {
    const ort = require('onnxruntime-node') as { env: { versions: { node?: string } } };
    return { ...base, version: ort.env.versions.node ?? null, available: true, note: null };
  } catch (err) {
    return {
      ...base,
      version: null,
      available: false,
      note: `onnxruntime-node failed to load: ${(err as Error).message}`,
    };
  }
}

function builtinInfo(): EngineInfo {
  const base = {
    id: 'builtin',
    name: 'SparseScope builtin (sparse-aware, WebAssembly SIMD)',
  } as const;
  try {
    kernelModule();
    return { ...base, version: appVersion(), available: true, note: null };
  } catch (err) {
    return { ...base, version: null, available: false, note: (err as Error).message };
  }
}
