/**
 * Every list of names that the contract, the schemas, the engines and the UI share, each
 * spelled once. Types and zod enums are derived from these arrays, so adding an engine or a
 * preset is one line here. Plain constants only: the renderer imports this file at run time.
 */

/** Inference engines SparseScope can drive. */
export const ENGINE_IDS = ['ort', 'builtin', 'openvino'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/**
 * One-click sweeps on generated models (core/host/quick-start.ts): the default quick start,
 * and the seed notebook's dense-vs-sparse config on OpenVINO and the builtin side by side.
 */
export const QUICK_START_PRESETS = ['default', 'seed'] as const;
export type QuickStartPreset = (typeof QUICK_START_PRESETS)[number];

/** Generated BERT-like encoder sizes (core/model/generate/bert-options.ts has their dims). */
export const MODEL_PRESETS = ['tiny', 'mini', 'small', 'base', 'large'] as const;
export type ModelPreset = (typeof MODEL_PRESETS)[number];

/**
 * What `make-model` generates: a BERT-like encoder, the same encoder with every dense layer
 * written as tf2onnx writes a keras Tensordot, or a GPT-2-style decoder with past/present.
 */
export const MODEL_ARCHITECTURES = ['bert', 'bert-tensordot', 'gpt2'] as const;
export type ModelArchitecture = (typeof MODEL_ARCHITECTURES)[number];

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

/**
 * benchmark_app's -hint (OpenVINO's PERFORMANCE_HINT): none leaves it unset; the default
 * is latency for the sync API and throughput for async, as benchmark_app does.
 */
export const PERFORMANCE_HINTS = ['none', 'latency', 'throughput'] as const;
export type PerformanceHint = (typeof PERFORMANCE_HINTS)[number];

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

/**
 * The state of a sweep (an imported run is always finished): queued behind the sweep that
 * runs (one at a time, so sweeps never share the cores), running, interrupted (stopped or
 * crashed; resumable), finished, or damaged (its files cannot be read; `problem` says why).
 */
export const RUN_STATUSES = ['queued', 'running', 'interrupted', 'finished', 'damaged'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Where a profile came from: measured by SparseScope, or imported from another tool's file
 * (ORT's profiler JSON, benchmark_app's per-layer counters as console table, report CSV or
 * JSON, OpenVINO's execution graph XML). One importer per imported source.
 */
export const PROFILE_SOURCES = [
  'sparsescope',
  'ort-json',
  'benchmark_app-pc',
  'benchmark_app-counters-csv',
  'benchmark_app-counters-json',
  'openvino-exec-graph',
] as const;
export type ProfileSource = (typeof PROFILE_SOURCES)[number];

/** What happened to a runtime node, as benchmark_app's execStatus says it. */
export const NODE_STATUSES = ['executed', 'not_run', 'optimized_out'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

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

/** The config files the Config editor and `sparsescope config` know: one bench run, a sweep, benchmark_app's -load_config. */
export const CONFIG_KINDS = ['run', 'sweep', 'benchmark-app'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];
/** How people name each kind (CLI output, the editor). */
export const CONFIG_KIND_TITLES: Record<ConfigKind, string> = {
  run: 'run config',
  sweep: 'sweep config',
  'benchmark-app': 'benchmark_app config',
};

/** Graph view layout direction (`sparsescope graph --direction`, the Graph area): top-down or left-right. */
export const GRAPH_DIRECTIONS = ['tb', 'lr'] as const;
export type GraphDirection = (typeof GRAPH_DIRECTIONS)[number];

/** What the graph view's heat overlay colours nodes by: mean time, share of the total, or GFLOP/s. */
export const GRAPH_HEAT_METRICS = ['time', 'share', 'gflops'] as const;
export type GraphHeatMetric = (typeof GRAPH_HEAT_METRICS)[number];

/** Which graph the Graph area draws: the model as stored, or what the engine ran (fused). */
export const GRAPH_KINDS = ['original', 'runtime'] as const;
export type GraphKind = (typeof GRAPH_KINDS)[number];

/** File formats a report exports to (core/report): one HTML file, PDF, CSV tables (zip), the document JSON, Markdown with SVG charts. */
export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The sections a report can hold, in the order it shows them (`sparsescope report --sections`, the Export dialog). */
export const REPORT_SECTIONS = [
  'machine',
  'models',
  'configs',
  'results',
  'speedups',
  'sweet-spot',
  'noise',
  'hotspots',
  'compare',
  'measurements',
  'notes',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/**
 * What the desktop app's menus ask the page to do ('command' events). `opened-*` carry the
 * path of a file the user picked in a native dialog, dropped, or opened from the OS.
 */
export const APP_COMMANDS = [
  'opened-model',
  'opened-profile',
  'opened-config',
  'opened-results',
  'export-report',
  'find',
  'toggle-theme',
  'graph-direction',
  'about',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];
