import { UserError } from '../../api/errors';
import type { GraphModel } from '../../model/graph';
import { openModelFile } from '../../model/registry';
import { appVersion } from '../../util/paths';
import type { Engine, Session, SessionOptions } from '../engine';
import { OP_FACTORIES } from './ops/registry';
import { buildPlan } from './planner';
import { Runtime } from './runtime';
import { SUPPORTED_DTYPES } from './values';
import { BuiltinSession } from './session';
import { selectTier, type TierRequest } from './tier-select';

/** Session options of the builtin engine: the shared ones plus the kernel tier to use. */
export interface BuiltinSessionOptions extends SessionOptions {
  /**
   * Kernel tier: auto (default: the native addon's best ISA build, else relaxed-SIMD wasm,
   * else wasm), native, or one tier id. SPARSESCOPE_BUILTIN_TIER sets the default.
   */
  tier?: TierRequest;
}

/** The op types the builtin engine claims: each passes its ONNX backend node tests. */
export const BUILTIN_OPS: string[] = Object.keys(OP_FACTORIES).sort();

/** Element types a model's inputs and outputs may have. */
export const BUILTIN_DTYPES: string[] = [...SUPPORTED_DTYPES];

function checkRate(rate: number | null | undefined): number | null {
  if (rate === undefined || rate === null) return null;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new UserError('BadInput', `sparseRate must be between 0 and 1 (got ${rate})`);
  }
  return rate >= 1 ? null : rate;
}

export const builtinEngine: Engine = {
  id: 'builtin',
  version: appVersion(),
  async load(modelPath: string, options: BuiltinSessionOptions): Promise<Session> {
    const sparseRate = checkRate(options.sparseRate);
    const model = await openModelFile(modelPath);
    if (model.format !== 'onnx') {
      throw new UserError(
        'UnsupportedModel',
        `${modelPath}: the builtin engine runs ONNX models (this is ${model.format}).`,
      );
    }
    return createBuiltinSession(model, { ...options, sparseRate });
  },
};

/** A session over a model already in memory (tests build GraphModels by hand). */
export function createBuiltinSession(
  model: GraphModel,
  options: BuiltinSessionOptions,
): BuiltinSession {
  const sparseRate = checkRate(options.sparseRate);
  const threads = Math.max(1, Math.floor(options.threads || 1));
  const { setup, notes } = selectTier(options.tier, threads);
  if (threads > 1)
    notes.push(
      `threads=${threads}: MatMul output columns, attention heads and the rows of norms and activations are split over ${threads} threads sharing one wasm memory`,
    );
  if (options.graphOptimizationLevel)
    notes.push('graphOptimizationLevel is ignored by the builtin engine');
  const rt = new Runtime(setup);
  let plan;
  try {
    plan = buildPlan(model, rt, { sparseRate, notes });
  } catch (err) {
    void rt.close();
    throw err;
  }
  return new BuiltinSession(model, plan, rt, notes, options.profile ?? false);
}
