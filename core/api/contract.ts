/**
 * The WorkbenchApi contract: the one interface that electron/ and renderer/ share.
 * Both transports (Electron IPC, web HTTP+WebSocket) carry exactly these methods and events.
 * This file holds types and plain constants only, so the renderer can import it.
 */
import type { BenchResult } from './schemas/bench-result';
import type { ApiErrorData } from './errors';
import type { MachineInfo } from './schemas/machine-info';
import type {
  EngineId,
  ModelPrecision,
  ModelPreset,
  PruneScope,
  QuantizeMode,
  RunStatus,
} from './names';
import type { ModelInfo } from './model-info';
import type { SweepConfig } from './schemas/sweep-config';
import type { ResultLine } from './schemas/sweep-files';
import type { SweepSummary } from './sweep-summary';

export type {
  ApiErrorData,
  BenchResult,
  MachineInfo,
  ModelInfo,
  ResultLine,
  SweepConfig,
  SweepSummary,
};

/** An inference engine SparseScope can run, with whether it works on this machine. */
export interface EngineInfo {
  id: EngineId;
  name: string;
  /** Version of the engine's implementation, null when unavailable. */
  version: string | null;
  available: boolean;
  /** Why it is unavailable, or what it cannot do. */
  note: string | null;
}

export interface AppInfo {
  appName: 'SparseScope';
  appVersion: string;
  /** Which host serves the API: the Electron main process or the web server. */
  host: 'electron' | 'web' | 'in-process';
  engines: EngineInfo[];
  machine: MachineInfo;
}

/** What SparseScope knows about one model file it has opened or generated. */
export interface ModelEntry {
  /** Stable id within this workspace. */
  id: string;
  /** Short name people see, e.g. "bert-mini · 80% sparse · fp32". */
  label: string;
  path: string;
  origin: 'opened' | 'generated' | 'variant';
  /** The model this one was derived from (variants and generated sparse/int8 siblings). */
  parentId: string | null;
  sizeBytes: number;
  /** ISO time it was added. */
  addedAt: string;
  /** Facts read from the file (at seq 128, batch 1). */
  info: ModelInfo;
}

/** Parameters of `generateModel`: a BERT-like encoder from a preset. */
export interface GenerateModelRequest {
  preset: ModelPreset;
  /** Fraction of every linear weight pruned by magnitude, 0..0.99. */
  sparsity: number;
  precision: ModelPrecision;
  seed?: number;
}

/** How to derive a variant from a model: magnitude pruning or int8 weight quantisation. */
export type VariantRequest =
  { kind: 'prune'; sparsity: number; scope: PruneScope } | { kind: 'quantize'; mode: QuantizeMode };

/** One folder as the host sees it, for picking model files in either host. */
export interface DirectoryListing {
  path: string;
  parent: string | null;
  entries: { name: string; path: string; kind: 'dir' | 'file'; sizeBytes: number | null }[];
}

/** A sweep or an imported set of foreign results, as listed in the history. */
export interface RunSummary {
  id: string;
  kind: 'sweep' | 'imported';
  name: string;
  status: RunStatus;
  cells: { planned: number; recorded: number; failed: number };
  /** ISO times. */
  startedAt: string;
  finishedAt: string | null;
}

/** A run with everything measured: the stored lines (sweeps) and the results. */
export interface RunDetail extends RunSummary {
  /** The sweep config as run (null for imports). */
  config: SweepConfig | null;
  /** results.jsonl, one line per finished or failed cell (empty for imports). */
  lines: ResultLine[];
  /** Every successful result, ours or imported. */
  results: BenchResult[];
  /** Per-point medians, spreads and speedups (sweeps only). */
  summary: SweepSummary | null;
}

/** Events pushed from host to renderer. */
export type WorkbenchEvent =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; time: number }
  | {
      type: 'progress';
      /** Id of the request whose long work this reports on. */
      requestId: string;
      /** 0..1, or null when unknown. */
      fraction: number | null;
      message: string;
    }
  | {
      type: 'sweep-progress';
      runId: string;
      done: number;
      total: number;
      /** Id of the cell about to run, null at the end. */
      cell: string | null;
      etaMs: number | null;
    }
  | { type: 'cell-finished'; runId: string; line: ResultLine }
  | { type: 'sweep-status'; runId: string; status: RunSummary['status'] };

/** Every method of the contract: name → parameter tuple and result. */
export interface WorkbenchMethods {
  getAppInfo: { params: []; result: AppInfo };
  /** Models opened or generated in this workspace, newest first. */
  listModels: { params: []; result: ModelEntry[] };
  /** Open a model file (ONNX, OpenVINO IR) by path on the host. */
  openModel: { params: [path: string]; result: ModelEntry };
  /** Generate a BERT-like model into the workspace; reports progress. */
  generateModel: { params: [request: GenerateModelRequest]; result: ModelEntry };
  /** Derive a pruned or quantised variant of a model, paired with it; reports progress. */
  createVariant: { params: [modelId: string, request: VariantRequest]; result: ModelEntry };
  /**
   * The embedded default: generate a small dense model, its 80%-sparse variant and INT8
   * versions of both, then start a short sweep over them on every available engine.
   */
  quickStart: { params: []; result: RunSummary };
  /** Model facts at a given sequence length (FLOPs depend on it). */
  modelInfo: { params: [id: string, seq: number]; result: ModelInfo };
  /** List a folder on the host (null = the workspace's models folder) to pick a file. */
  listDirectory: { params: [path: string | null]; result: DirectoryListing };
  /** Start a sweep from a sweep config (JSON, validated); runs in the background. */
  startSweep: { params: [config: unknown]; result: RunSummary };
  cancelSweep: { params: [runId: string]; result: null };
  /** Run the cells of a stopped sweep that have no result yet. */
  resumeSweep: { params: [runId: string]; result: RunSummary };
  listRuns: { params: []; result: RunSummary[] };
  getRun: { params: [runId: string]; result: RunDetail };
  deleteRun: { params: [runId: string]; result: null };
  /** Import benchmark_app / DeepSparse result files (host paths) as one run. */
  importRuns: { params: [paths: string[]]; result: RunSummary };
}

export type MethodName = keyof WorkbenchMethods;

/** The API object as the renderer sees it (`window.sparsescope` in Electron). */
export type WorkbenchApi = {
  [M in MethodName]: (
    ...params: WorkbenchMethods[M]['params']
  ) => Promise<WorkbenchMethods[M]['result']>;
} & {
  /** Subscribe to host events; returns an unsubscribe function. */
  onEvent(listener: (event: WorkbenchEvent) => void): () => void;
};

/** The method names, in a runtime list: what the preload exposes and the hosts accept. */
export const METHOD_NAMES = [
  'getAppInfo',
  'listModels',
  'openModel',
  'generateModel',
  'createVariant',
  'quickStart',
  'modelInfo',
  'listDirectory',
  'startSweep',
  'cancelSweep',
  'resumeSweep',
  'listRuns',
  'getRun',
  'deleteRun',
  'importRuns',
] as const satisfies readonly MethodName[];

// Compile-time check that METHOD_NAMES lists every method exactly.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const allMethodsListed: Missing extends never ? true : Missing = true;
void allMethodsListed;
