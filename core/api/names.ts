/**
 * Every list of names that the contract, the schemas, the engines and the UI share, each
 * spelled once. Types and zod enums are derived from these arrays, so adding an engine or a
 * preset is one line here. Plain constants only: the renderer imports this file at run time.
 */

/** Inference engines SparseScope can drive. */
export const ENGINE_IDS = ['ort', 'builtin'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** Generated BERT-like encoder sizes (core/model/generate/bert-options.ts has their dims). */
export const MODEL_PRESETS = ['tiny', 'mini', 'small', 'base', 'large'] as const;
export type ModelPreset = (typeof MODEL_PRESETS)[number];

/** How a generated model's linear weights are stored. */
export const MODEL_PRECISIONS = ['fp32', 'int8-qdq', 'int8-dynamic'] as const;
export type ModelPrecision = (typeof MODEL_PRECISIONS)[number];

/** Magnitude pruning: one threshold over all linear weights, or one per weight. */
export const PRUNE_SCOPES = ['global', 'per-layer'] as const;
export type PruneScope = (typeof PRUNE_SCOPES)[number];

/** INT8 quantisation: QDQ (static activations) or dynamic (MatMulInteger). */
export const QUANTIZE_MODES = ['qdq', 'dynamic'] as const;
export type QuantizeMode = (typeof QUANTIZE_MODES)[number];

/** ORT graph optimisation levels; engines without one ignore them. */
export const GRAPH_OPTIMIZATION_LEVELS = ['disabled', 'basic', 'extended', 'all'] as const;
export type GraphOptimizationLevel = (typeof GRAPH_OPTIMIZATION_LEVELS)[number];

/** benchmark_app's -api: all streams busy, or one request at a time. */
export const API_MODES = ['async', 'sync'] as const;
export type ApiMode = (typeof API_MODES)[number];

/** Where a result came from: measured here, or imported from another tool's output. */
export const BENCH_SOURCES = [
  'sparsescope',
  'benchmark_app',
  'deepsparse',
  'onnxruntime_perf_test',
  'other',
] as const;
export type BenchSource = (typeof BENCH_SOURCES)[number];

/** The state of a sweep (or an imported run, which is always finished). */
export const RUN_STATUSES = ['running', 'interrupted', 'finished'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * The fields that name one grid point of a sweep, in the order of its id
 * ("dense|ort|s2|t2|seq64|b1"): what a cell, a result point and an A/B row are keyed by.
 */
export const CELL_KEY_FIELDS = ['variant', 'engine', 'streams', 'threads', 'seq', 'batch'] as const;
export type CellKeyField = (typeof CELL_KEY_FIELDS)[number];

/** Model file formats SparseScope opens. */
export const MODEL_FORMATS = ['onnx', 'openvino-ir'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** Element types, named like ONNX TensorProto.DataType (lower case). */
export const DTYPES = [
  'float32',
  'float16',
  'bfloat16',
  'float64',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
  'complex64',
  'complex128',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
] as const;
export type DType = (typeof DTYPES)[number];

/** A dimension: a fixed size, a symbolic name ("batch", "seq"), or null when unknown. */
export type Dim = number | string | null;
