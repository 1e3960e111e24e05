/**
 * The WorkbenchApi contract: the one interface that electron/ and renderer/ share.
 * Both transports (Electron IPC, web HTTP+WebSocket) carry exactly these methods and events.
 * This file holds types and plain constants only, so the renderer can import it.
 */
import type { BenchResult } from './schemas/bench-result';
import type { ApiErrorData } from './errors';
import type { MachineInfo } from './schemas/machine-info';
import type {
  AppCommand,
  EngineId,
  ModelPrecision,
  ModelPreset,
  PruneScope,
  QuantizeMode,
  QuickStartPreset,
  ReportFormat,
  RunStatus,
} from './names';
import type {
  ConfigCatalog,
  ConfigCheck,
  ConfigCheckRequest,
  ConfigFile,
  ConfigIssue,
  ConfigPreset,
  ConfigRunRequest,
} from './config-files';
import type { GraphView, GraphViewRequest, WeightStats } from './graph-view';
import type { ModelInfo } from './model-info';
import type {
  ProfileExport,
  ProfileExportFormat,
  ProfileRequest,
  ProfileSummary,
} from './profile-api';
import type { ProfileFile } from './schemas/profile';
import type { ReportEntry, ReportFile, ReportPreview, ReportRequest } from './report-api';
import type { SweepConfig } from './schemas/sweep-config';
import type { ResultLine } from './schemas/sweep-files';
import type { SweepSummary } from './sweep-summary';

export type { ProfileExport, ProfileExportFormat, ProfileFile, ProfileRequest, ProfileSummary };
export type { GraphView, GraphViewRequest, WeightStats };
export type { ReportEntry, ReportFile, ReportFormat, ReportPreview, ReportRequest };

export type {
  ApiErrorData,
  BenchResult,
  ConfigCatalog,
  ConfigCheck,
  ConfigCheckRequest,
  ConfigFile,
  ConfigIssue,
  ConfigPreset,
  ConfigRunRequest,
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
  /** What the host wants people to know, e.g. that it rebuilt a damaged model list. */
  notices: string[];
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
  /** The folder above, while it is still one SparseScope may use; null at the top. */
  parent: string | null;
  entries: { name: string; path: string; kind: 'dir' | 'file'; sizeBytes: number | null }[];
  /** The folders SparseScope may use (the workspace, `serve --folder`, folders picked in dialogs). */
  roots: string[];
}

/** What people choose in the app and what it remembers for them. */
export interface Settings {
  theme: 'light' | 'dark' | null;
  /** The engine new runs, sweeps and profiles start with; null = each form's own default. */
  defaultEngine: EngineId | null;
  /** A folder every exported report is also saved into; null = the workspace only. Must be allowed. */
  resultsFolder: string | null;
  /** Files opened most recently, newest first. */
  recentFiles: string[];
}

/** The settings a client may change. */
export type SettingsPatch = Partial<Pick<Settings, 'theme' | 'defaultEngine' | 'resultsFolder'>>;

/** How a stopped sweep is resumed. */
export interface ResumeOptions {
  rerunNoisy?: boolean;
}

/** A sweep or an imported set of foreign results, as listed in the history. */
export interface RunSummary {
  id: string;
  kind: 'sweep' | 'imported';
  name: string;
  status: RunStatus;
  /** Why a damaged run cannot be read; null otherwise. */
  problem: string | null;
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
  /** The desktop app's menus and the OS asking the page to act (never sent in web mode). */
  | { type: 'command'; command: AppCommand; path: string | null }
  | {
      type: 'profile-progress';
      /** The ProfileRequest.jobId it reports on. */
      jobId: string;
      /** 0..1, or null when unknown. */
      fraction: number | null;
      message: string;
    }
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
   * `seed`: the seed notebook's experiment instead — an 80%-sparse INT8 model under the
   * dense config and the sparse config (CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE 0.75) over
   * sequence lengths, on openvino and builtin side by side.
   */
  quickStart: { params: [preset?: QuickStartPreset]; result: RunSummary };
  /** Model facts at a given sequence length (FLOPs depend on it). */
  modelInfo: { params: [id: string, seq: number]; result: ModelInfo };
  /** List a folder on the host (null = the workspace's models folder) to pick a file. */
  /** List a folder on the host to pick a file: model files (default) or JSON configs (null = the workspace's configs folder). */
  listDirectory: {
    params: [path: string | null, show?: 'models' | 'configs'];
    result: DirectoryListing;
  };
  /** Start a sweep from a sweep config (JSON, validated); runs in the background. */
  startSweep: { params: [config: unknown]; result: RunSummary };
  cancelSweep: { params: [runId: string]; result: null };
  /**
   * Run the cells of a stopped sweep that have no result yet; with `rerunNoisy`, also every
   * cell paired with one measured under load, again and back to back (`sweep --rerun-noisy`).
   */
  resumeSweep: { params: [runId: string, options?: ResumeOptions]; result: RunSummary };
  listRuns: { params: []; result: RunSummary[] };
  getRun: { params: [runId: string]; result: RunDetail };
  deleteRun: { params: [runId: string]; result: null };
  /** Import benchmark_app / DeepSparse result files (host paths) as one run. */
  importRuns: { params: [paths: string[]]; result: RunSummary };
  getSettings: { params: []; result: Settings };
  /** Change theme, default engine or results folder (which must be an allowed folder). */
  updateSettings: { params: [patch: SettingsPatch]; result: Settings };
  /** The Config editor's JSON Schemas (one per config kind) and presets for this machine and workspace. */
  getConfigCatalog: { params: []; result: ConfigCatalog };
  /** What kind a config text is and every problem in it, placed at its key. */
  checkConfig: { params: [request: ConfigCheckRequest]; result: ConfigCheck };
  /** Read a config file the user picked on the host (a regular file of at most 1 MiB). */
  readConfigFile: { params: [path: string]; result: ConfigFile };
  /** Save a config to a `.json` path the user picked, atomically; refuses a config with errors. */
  writeConfigFile: { params: [path: string, text: string]; result: ConfigFile };
  /** Start what a checked config describes: a sweep, or a run as a one-cell sweep. */
  startConfigRun: { params: [request: ConfigRunRequest]; result: RunSummary };
  /**
   * Profile a model on an engine (per-node times, stored in the workspace); reports progress as
   * 'profile-progress' events naming request.jobId and resolves when the profile is stored.
   */
  profile: { params: [request: ProfileRequest]; result: ProfileSummary };
  /** Stop the profile run whose ProfileRequest.jobId this is. */
  cancelProfile: { params: [jobId: string]; result: null };
  /** Import a foreign profile (ORT JSON, benchmark_app counters, OpenVINO exec graph) or a SparseScope one. */
  importProfile: { params: [path: string]; result: ProfileSummary };
  /** Stored profiles, newest first: measured, imported, and those of sweep cells. */
  listProfiles: { params: []; result: ProfileSummary[] };
  getProfile: { params: [id: string]; result: ProfileFile };
  deleteProfile: { params: [id: string]; result: null };
  /** A profile as Chrome trace, benchmark_app counters CSV, Netron attachment or its own JSON. */
  exportProfile: { params: [id: string, format: ProfileExportFormat]; result: ProfileExport };
  /** A model's graph for the Graph area: the original, or a stored profile's runtime graph. */
  graphView: { params: [modelId: string, request: GraphViewRequest]; result: GraphView };
  /** Statistics of one constant tensor of a model (sparsity, min/max/mean/std), on demand. */
  weightStats: { params: [modelId: string, graphId: string, tensor: string]; result: WeightStats };
  /** A report's HTML as an HTML export would write it (the Export dialog's live preview). */
  previewReport: { params: [request: ReportRequest]; result: ReportPreview };
  /** Render a report of runs and profiles in a format and store it in the workspace's reports. */
  exportReport: { params: [request: ReportRequest, format: ReportFormat]; result: ReportEntry };
  /** Exported reports, newest first. */
  listReports: { params: []; result: ReportEntry[] };
  /** A stored report's file (base64), for the page to save. */
  getReportFile: { params: [id: string]; result: ReportFile };
  deleteReport: { params: [id: string]; result: null };
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
  'getSettings',
  'updateSettings',
  'getConfigCatalog',
  'checkConfig',
  'readConfigFile',
  'writeConfigFile',
  'startConfigRun',
  'profile',
  'cancelProfile',
  'importProfile',
  'listProfiles',
  'getProfile',
  'deleteProfile',
  'exportProfile',
  'graphView',
  'weightStats',
  'previewReport',
  'exportReport',
  'listReports',
  'getReportFile',
  'deleteReport',
] as const satisfies readonly MethodName[];

// Compile-time check that METHOD_NAMES lists every method exactly.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const allMethodsListed: Missing extends never ? true : Missing = true;
void allMethodsListed;
