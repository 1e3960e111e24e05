import type { ProfileSource, NodeStatus } from '../api/names';
import type { NodeKernelFact, ProfileFile, TensorFact, Timeline } from '../api/schemas/profile';

/**
 * What every collector and importer produces before the profile is built: per runtime node its
 * samples (one per iteration it ran in), nothing derived yet. build-profile.ts turns it into
 * the file format (statistics, totals, op-type summary, FLOP rates).
 */
export interface RawNode {
  name: string;
  opType: string;
  /** Original node names it covers; null = not known yet (mapped by structure when a model is at hand). */
  originals: string[] | null;
  status: NodeStatus;
  kernel: NodeKernelFact;
  /** Wall time per iteration it ran in, ms. */
  samplesMs: number[];
  /** CPU time per iteration (benchmark_app's cpuTime), ms; null when not reported. */
  cpuMs: number[] | null;
  threads: number | null;
  /** Value names read and written (for costs against the model), when the source names them. */
  inputNames: string[] | null;
  outputNames: string[] | null;
  /** Shapes and types the source reports itself (ORT events, OpenVINO ports). */
  inputs: TensorFact[];
  outputs: TensorFact[];
}

export interface RawProfile {
  source: ProfileSource;
  sourceFiles: string[];
  createdAt: string;
  engine: string;
  engineVersion: string | null;
  model: ProfileFile['model'];
  config: ProfileFile['config'];
  /** Iterations the samples cover (summed over streams). */
  iterations: number;
  /** End-to-end latency of each of those iterations, when known. */
  latenciesMs: number[] | null;
  nodes: RawNode[];
  timeline: Timeline | null;
  runtimeGraph: ProfileFile['runtime_graph'];
  notes: string[];
}

/**
 * Longest node time any importer accepts (10⁹ ms, about 11 days): above it a figure is damage,
 * and sums of such figures would overflow to Infinity.
 */
export const MAX_TIME_MS = 1e9;

export const NO_KERNEL: NodeKernelFact = {
  impl: null,
  precision: null,
  tier: null,
  exec_type: null,
};

export const NO_CONFIG: ProfileFile['config'] = {
  streams: null,
  threads: null,
  batch: null,
  seq: null,
  shapes: null,
  sparse_rate: null,
  warmup: null,
};

export const NO_MODEL: ProfileFile['model'] = { path: null, sha256: null, variant: null };

/** Names made unique in order: a repeated name gets "#2", "#3" … (runtime nodes are joined by name). */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n}#${k}`;
  });
}
