import { UserError } from '../../api/errors';
import type { GraphModel, Tensor } from '../graph';
import { tensorFromBytes, tensorToArray } from '../tensor';
import { findLinearWeights, rebuildModel } from './linear-weights';
import { countZeros, pruneCount, pruneSmallest } from './magnitude-prune';

export type PruneScope = 'global' | 'per-layer';

export interface PruneOptions {
  /** Target fraction of zeros, 0..0.99. */
  sparsity: number;
  /** per-layer: every weight reaches the target; global: one magnitude threshold for all. */
  scope: PruneScope;
}

export interface PrunedWeight {
  /** Initializer name. */
  name: string;
  /** Names of the MatMul/Gemm nodes that read it. */
  nodes: string[];
  dims: number[];
  /** Fraction of zeros before and after pruning. */
  before: number;
  after: number;
}

export interface PruneResult {
  model: GraphModel;
  weights: PrunedWeight[];
  /** Zeros over all pruned weights after pruning. */
  overall: number;
}

/**
 * Unstructured magnitude pruning of every constant FP32 MatMul/Gemm weight. Weights are
 * copied; the input model is not changed. Accuracy drops unless the model is fine-tuned
 * afterwards — this is for measuring speed, not for shipping.
 */
export function pruneModel(model: GraphModel, options: PruneOptions): PruneResult {
  const { sparsity, scope } = options;
  if (typeof sparsity !== 'number' || !(sparsity >= 0 && sparsity <= 0.99)) {
    throw new UserError(
      'BadInput',
      `sparsity must be a number from 0 to 0.99, got ${String(sparsity)}.`,
    );
  }
  if (scope !== 'global' && scope !== 'per-layer') {
    throw new UserError('BadInput', `scope must be "global" or "per-layer", got ${String(scope)}.`);
  }
  const weights = findLinearWeights(model);
  if (weights.length === 0) {
    throw new UserError(
      'UnsupportedModel',
      'The model has no constant FP32 MatMul or Gemm weights to prune.',
      'Pruning works on FP32 models whose linear layers keep their weights as initializers; quantise after pruning, not before.',
    );
  }
  // Copies: tensorToArray may be a view onto the source model's bytes.
  const arrays = weights.map((w) => Float32Array.from(tensorToArray(w.tensor) as Float32Array));
  const before = arrays.map((a) => countZeros(a) / a.length);
  let zeros: number[];
  if (scope === 'global') {
    const total = arrays.reduce((n, a) => n + a.length, 0);
    zeros = pruneSmallest(arrays, pruneCount(total, sparsity));
  } else {
    zeros = arrays.map((a) => pruneSmallest([a], pruneCount(a.length, sparsity))[0]!);
  }
  const replaced = new Map<string, Tensor>();
  weights.forEach((w, i) => {
    const a = arrays[i]!;
    replaced.set(
      w.name,
      tensorFromBytes(w.name, 'float32', [...w.tensor.dims], new Uint8Array(a.buffer)),
    );
  });
  const pruned = rebuildModel(model, { initializers: replaced });
  pruned.metadata['sparsescope.pruned'] = JSON.stringify({ sparsity, scope, version: 1 });
  const totalElements = arrays.reduce((n, a) => n + a.length, 0);
  return {
    model: pruned,
    weights: weights.map((w, i) => ({
      name: w.name,
      nodes: w.nodes.map((n) => n.name || n.id),
      dims: [...w.tensor.dims],
      before: before[i]!,
      after: zeros[i]! / arrays[i]!.length,
    })),
    overall: zeros.reduce((s, z) => s + z, 0) / totalElements,
  };
}
