import type { ApiMode, EngineId, GraphOptimizationLevel, PerformanceHint } from '../api/names';
import type { EngineDetails, MeasuredLoad } from '../api/schemas/bench-result';
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
  /**
   * Per-node timings of a session loaded with `profile: true`: of the runs since the previous
   * call (or since load). Engines without per-node timing leave it out. core/profile builds
   * the full profile model from this.
   */
  endProfiling?(): Promise<SessionProfile>;
  close(): Promise<void>;
}

/** How a runtime node computed, like OpenVINO's execType (e.g. sparse · int8 · wasm). */
export interface NodeKernel {
  /** dense / sparse for products with a packed weight; else the engine's word for it. */
  impl: string;
  /** Element type it computes in (fp32, int8 …), null when the engine does not say. */
  precision: string | null;
  /** Where it runs: a kernel tier (wasm, native-avx512 …), an execution provider, or js. */
  tier: string | null;
  /** The engine's own label when it has one (OpenVINO's execType, e.g. brgemm_avx512_amx_sparse_i8). */
  execType?: string;
}

/** One runtime node's time over the runs a SessionProfile covers. */
export interface NodeTiming {
  /** The runtime node's name: stable within the session, unique. */
  name: string;
  opType: string;
  /**
   * Original model nodes this runtime node computes ([its own name] when not fused; several
   * for a fusion); [] when the engine does not record it (core/profile then maps by structure).
   */
  originals: string[];
  kernel: NodeKernel | null;
  /** Its time in each run covered, in run order: ms on a monotonic clock. */
  samplesMs: number[];
  /** Value names it reads and writes (for FLOP and byte counts from shapes). */
  inputs: string[];
  outputs: string[];
}

/**
 * What `Session.endProfiling` returns: timings the engine measured itself (`nodes`), or a file
 * its own profiler wrote (`file`, e.g. ORT's JSON), and the runtime graph it ran when the
 * engine writes one (ORT's optimized model).
 */
export interface SessionProfile {
  engine: EngineId;
  /** Runs covered; 0 when only `file` knows (ORT's model_run events count them). */
  runs: number;
  nodes: NodeTiming[];
  file: { format: 'ort-json'; path: string } | null;
  runtimeGraph: { format: 'onnx' | 'openvino-exec-graph'; path: string } | null;
}

/** A device property value as benchmark_app's -load_config carries it. */
export type DeviceProperty = string | number | boolean;

/**
 * One whole benchmark run, for an engine that measures itself (its own streams and request
 * queue, like OpenVINO's NUM_STREAMS and AsyncInferQueue): benchmark_app's knobs, resolved.
 */
export interface EngineBenchRequest {
  modelPath: string;
  streams: number;
  /** Total inference threads (INFERENCE_NUM_THREADS), not per stream. */
  threads: number;
  nireq: number;
  api: ApiMode;
  feeds: Record<string, HostTensor>;
  timeS: number | null;
  niter: number | null;
  warmup: number;
  sparseRate: number | null;
  /** PERFORMANCE_HINT; null = benchmark_app's default (latency for sync, throughput for async). */
  hint: PerformanceHint | null;
  /** Device properties passed through unchanged (-load_config keys SparseScope has no knob for). */
  properties: Record<string, DeviceProperty>;
  /** true: keep the model's dynamic shapes and feed the data's (-data_shape); false: reshape (-shape). */
  dataShape: boolean;
  /** Collect per-layer counters and the runtime graph (benchmark_app -pc). */
  perfCounters: boolean;
  /** With perfCounters: also write the runtime graph there as execution-graph XML (-exec_graph_path). */
  execGraphPath?: string | null;
  /** The CPU's ISA flags (machine info), to name why a CPU feature did not apply. */
  isaFlags: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A measured run, from the harness's stream workers or from an engine that measures itself. */
export interface MeasuredRun {
  count: number;
  durationMs: number;
  latencies: Float64Array;
  firstMs: number | null;
  loadMs: number;
  peakRssBytes: number;
  notes: string[];
  engineVersion: string;
  /** What the engine reports about how it compiled the model (result.engine_details). */
  details?: EngineDetails;
  /** Per-layer counters and runtime graph, when perfCounters was asked. */
  profile?: EngineProfile;
  /** How busy the machine was during the measured phase, where the runner could tell. */
  load?: MeasuredLoad;
}

/** One layer's counters from one request, as benchmark_app -pc prints them. */
export interface LayerCounter {
  name: string;
  /** EXECUTED, NOT_RUN, OPTIMIZED_OUT. */
  status: string;
  layerType: string;
  execType: string;
  realUs: number;
  cpuUs: number;
}

/** One node of an engine's runtime (execution) graph, mapped back to the model's nodes. */
export interface RuntimeNode {
  name: string;
  layerType: string;
  /** The implementation that ran, e.g. brgemm_avx512_amx_sparse_i8 (OpenVINO's primitiveType). */
  primitive: string;
  precision: string;
  /** Names of the original model's nodes this runtime node covers (fusions). */
  originalNames: string[];
  execOrder: number | null;
  /** Producers of this node's inputs, by runtime node name, with the edge's precision. */
  inputs: { from: string; precision: string; shape: string }[];
}

/**
 * Per-layer counters and the runtime graph of one run, in the engine's own terms: the
 * profile importers read `runtimeGraphXml` (OpenVINO's execution-graph XML) and the counters.
 */
export interface EngineProfile {
  /** Counters of each infer request, as of its last inference. */
  counters: LayerCounter[][];
  runtimeGraph: RuntimeNode[];
  /** Path of the execution-graph XML (benchmark_app -exec_graph_path form), or null. */
  runtimeGraphXml: string | null;
}

export interface Engine {
  id: EngineId;
  /** Version of the implementation (onnxruntime-node's, or SparseScope's for builtin). */
  version: string;
  /** Load a model file into a session for one stream. */
  load(modelPath: string, options: SessionOptions): Promise<Session>;
  /**
   * Engines with their own streams and request queue measure a whole run themselves; the
   * harness (core/bench/run-benchmark.ts) then hands them the run instead of splitting it
   * over its stream workers. Absent: the harness's streams call load() and run().
   */
  benchmark?(request: EngineBenchRequest): Promise<MeasuredRun>;
}
