import type { EngineId } from '../api/names';
import { UserError } from '../api/errors';
import type { Engine } from './engine';
import { builtinEngine } from './builtin/builtin-engine';
import {
  adoptKernelModules,
  shareKernelModules,
  type SharedKernelModules,
} from './builtin/wasm-kernels';
import { openvinoEngine } from './openvino/openvino-engine';
import { ortEngine } from './ort/ort-engine';

/** Every engine by id; the Record type makes the compiler ask for each new id in ENGINE_IDS. */
const ENGINES: Record<EngineId, Engine> = {
  ort: ortEngine,
  builtin: builtinEngine,
  openvino: openvinoEngine,
};

/** The engine behind an id; throws UserError('EngineUnavailable') for an unknown one. */
export function createEngine(id: EngineId): Engine {
  const engine = Object.hasOwn(ENGINES, id) ? ENGINES[id] : undefined;
  if (!engine) {
    throw new UserError(
      'EngineUnavailable',
      `Unknown engine "${String(id)}": expected ${Object.keys(ENGINES).join(' or ')}.`,
    );
  }
  return engine;
}

/** What a worker thread that opens sessions of one engine inherits from its parent. */
export interface EngineWorkerSeed {
  builtinKernels?: SharedKernelModules;
}

/** The seed for workers of `id` (compiled once here; see shareKernelModules). */
export function engineWorkerSeed(id: EngineId): EngineWorkerSeed {
  return id === 'builtin' ? { builtinKernels: shareKernelModules() } : {};
}

/** In the worker, before its first session: take what the parent compiled. */
export function adoptEngineWorkerSeed(seed: EngineWorkerSeed | undefined): void {
  if (seed?.builtinKernels) adoptKernelModules(seed.builtinKernels);
}
