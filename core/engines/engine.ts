import type { EngineId, GraphOptimizationLevel } from '../api/names';
import type { HostTensor } from '../model/tensor';

export type { HostTensor };

export interface SessionOptions {
  /** Threads this session (one stream) may use; ORT: intraOpNumThreads. */
  threads: number;
  /**
   * OpenVINO's CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE: a constant MatMul weight with sparsity
   * ≥ this is packed sparse. null/undefined/1.0 = never. Engines without it report so.
   */
  sparseRate?: number | null;
  /** ORT graph optimisation level; ignored by engines without one. */
  graphOptimizationLevel?: GraphOptimizationLevel;
  /** Collect per-node timings (read them with Session.endProfiling). */
  profile?: boolean;
}

export interface Session {
  readonly inputNames: string[];
  readonly outputNames: string[];
  /** Knobs this engine ignored or facts about how it loaded (e.g. "sparse_rate not supported"). */
  readonly notes: string[];
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  close(): Promise<void>;
}

export interface Engine {
  id: EngineId;
  /** Version of the implementation (onnxruntime-node's, or SparseScope's for builtin). */
  version: string;
  /** Load a model file into a session for one stream. */
  load(modelPath: string, options: SessionOptions): Promise<Session>;
}
