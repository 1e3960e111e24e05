import { z } from 'zod';
import { machineInfoSchema } from './machine-info';
import { API_MODES, BENCH_SOURCES } from '../names';

/**
 * One benchmark result, as SparseScope writes it (`bench --json`, sweep results.jsonl) and as
 * importers of foreign results (benchmark_app, DeepSparse …) produce it. Field names are
 * snake_case because the JSON is a file format people read and diff.
 *
 * Imported results use the same schema: what the source does not report is null. Results
 * SparseScope measures itself fill every field except where noted.
 */

/**
 * Version 2 added `engine_details` (what an engine that reports them — openvino — actually
 * compiled) and `load` (how busy the machine was while measuring). Version 1 files still
 * read: the fields are simply absent.
 */
export const BENCH_RESULT_SCHEMA_VERSION = 2;

const nonNegative = z.number().finite().nonnegative();
const positiveInt = z.number().int().positive();

/** The knobs of a run (see DESIGN.md, "Benchmark semantics"). */
export const benchConfigSchema = z.object({
  /** Independent inference streams (NUM_STREAMS). */
  streams: positiveInt.nullable(),
  /** Total inference threads over all streams (INFERENCE_NUM_THREADS). */
  threads: positiveInt.nullable(),
  /** Requests in flight. */
  nireq: positiveInt.nullable(),
  api: z.enum(API_MODES).nullable(),
  batch: positiveInt.nullable(),
  /** Sequence length bound to every [batch, seq] input; null when shapes were all explicit. */
  seq: positiveInt.nullable(),
  /** Input name → dims actually fed. */
  shapes: z.record(z.string(), z.array(z.number().int().nonnegative())).nullable(),
  /** CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE asked for; null = not set. */
  sparse_rate: z.number().min(0).max(1).nullable(),
  /** Run length in seconds, when the run was time-bound. */
  time_s: z.number().positive().nullable(),
  /** Run length in iterations, when the run was iteration-bound. */
  niter: positiveInt.nullable(),
  /** Warm-up iterations per stream, excluded from every figure but first_inference_ms. */
  warmup: z.number().int().nonnegative().nullable(),
});
export type BenchConfig = z.infer<typeof benchConfigSchema>;

export const latencySchema = z.object({
  min: nonNegative.nullable(),
  median: nonNegative.nullable(),
  avg: nonNegative.nullable(),
  p90: nonNegative.nullable(),
  p99: nonNegative.nullable(),
  max: nonNegative.nullable(),
});
export type LatencyStats = z.infer<typeof latencySchema>;

/** Sparse weight decompression as the engine's runtime graph shows it (openvino). */
export const sparseWeightsSchema = z.object({
  /** CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE asked for. */
  rate: z.number().min(0).max(1),
  /** FullyConnected/MatMul layers with constant weights in the runtime graph. */
  layers: z.number().int().nonnegative(),
  /** Of those, how many run a sparse primitive (their primitiveType names it). */
  applied: z.number().int().nonnegative(),
  /** The primitives those layers run, e.g. "brgemm_avx512_amx_sparse_i8". */
  primitives: z.array(z.string()),
  /** One sentence for people: "applied to 24 of 24 …" or "not applied: …" with the reason. */
  note: z.string(),
});
export type SparseWeights = z.infer<typeof sparseWeightsSchema>;

/** How busy the machine was during the measured phase (core/bench/machine-load.ts). */
export const measuredLoadSchema = z.object({
  /** Share of the machine's CPU capacity other processes used, 0..1; null when unknown. */
  other_cpu_fraction: z.number().min(0).max(1).nullable(),
  loadavg_1m: nonNegative,
  /** This process's involuntary context switches during the phase. */
  involuntary_switches: z.number().int().nonnegative(),
  /** Mean CPU clock in MHz as the OS reports it; null when unreadable. */
  cpu_mhz: nonNegative.nullable(),
  /** Other processes used enough of the CPUs to skew the figures. */
  noisy: z.boolean(),
});
export type MeasuredLoad = z.infer<typeof measuredLoadSchema>;

/** What the engine reports about how it ran the model (openvino; absent for others). */
export const engineDetailsSchema = z.object({
  /** The device as the engine names it (OpenVINO's FULL_DEVICE_NAME). */
  device: z.string().nullable(),
  /** Properties SparseScope passed to the engine (NUM_STREAMS, PERFORMANCE_HINT, load_config keys …). */
  requested: z.record(z.string(), z.string()),
  /** Properties the compiled model actually got, read back from the engine (get_property). */
  compiled: z.record(z.string(), z.string()),
  /** Null when no sparse rate was asked for. */
  sparse_weights: sparseWeightsSchema.nullable(),
});
export type EngineDetails = z.infer<typeof engineDetailsSchema>;

export const benchResultSchema = z.object({
  schema_version: z.union([z.literal(1), z.literal(BENCH_RESULT_SCHEMA_VERSION)]),
  source: z.enum(BENCH_SOURCES),
  /** 'ort', 'builtin', or the foreign engine's name (e.g. 'openvino'). */
  engine: z.string().min(1),
  engine_version: z.string().nullable(),
  /** SparseScope's own version for measured results; null for imports. */
  sparsescope_version: z.string().nullable(),
  model: z.object({
    path: z.string().nullable(),
    /** sha256 of the model file (hex); null when the file was not available. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    /** A label such as 'dense', 'pruned-90', 'int8'; null when none was given. */
    variant: z.string().nullable(),
  }),
  config: benchConfigSchema,
  /** Measured iterations (warm-up excluded). */
  count: z.number().int().nonnegative().nullable(),
  /** Wall time of the measured phase. */
  duration_ms: nonNegative.nullable(),
  /** Completed iterations × batch / measured duration (benchmark_app's "FPS"). */
  throughput_fps: nonNegative,
  /** Per-request latency of session.run, in ms. */
  latency_ms: latencySchema,
  /** The very first inference of each stream (max over streams), reported apart. */
  first_inference_ms: nonNegative.nullable(),
  /** Model load/compile time (max over streams). */
  load_ms: nonNegative.nullable(),
  /** Peak resident set size of the process during the run, in MiB. */
  peak_rss_mb: nonNegative.nullable(),
  machine: machineInfoSchema.nullable(),
  /** When the run finished (ISO 8601). */
  timestamp: z.iso.datetime({ offset: true }),
  /** Knobs the engine ignored and facts worth knowing, e.g. "onnxruntime ignores sparse_rate". */
  notes: z.array(z.string()),
  /** Since version 2; engines that report nothing leave it out. */
  engine_details: engineDetailsSchema.optional(),
  /** Since version 2; absent for imports and older results. */
  load: measuredLoadSchema.optional(),
});
export type BenchResult = z.infer<typeof benchResultSchema>;
