import { createRequire } from 'node:module';
import type { EngineInfo } from '../api/contract';
import { kernelModule } from './builtin/wasm-kernels';
import { appVersion } from '../util/paths';

const require = createRequire(import.meta.url);

/** Which engines work here, checked for real: the ORT native binding must load. */
export function listEngines(): EngineInfo[] {
  return [ortInfo(), builtinInfo()];
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
