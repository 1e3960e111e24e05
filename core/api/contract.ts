/**
 * The WorkbenchApi contract: the one interface that electron/ and renderer/ share.
 * Both transports (Electron IPC, web HTTP+WebSocket) carry exactly these methods and events.
 * This file holds types and plain constants only, so the renderer can import it.
 */

/** Facts about the machine a result was measured on. */
export interface MachineInfo {
  /** CPU model as the OS reports it, e.g. "Intel(R) Xeon(R) Platinum 8480+". */
  cpuModel: string;
  /** Logical cores (hardware threads) visible to this process. */
  logicalCores: number;
  /** Physical cores when the OS tells them, else null. */
  physicalCores: number | null;
  /** ISA flags relevant to inference kernels that this CPU has (sse4.2, avx2, avx512f, avx512_vnni, amx_int8, neon …). */
  isaFlags: string[];
  /** Architecture as Node reports it: x64, arm64 … */
  arch: string;
  /** Total physical memory in bytes. */
  totalMemoryBytes: number;
  os: { platform: string; release: string; version: string };
  versions: { node: string; v8: string; electron: string | null; chrome: string | null };
}

/** An inference engine SparseScope can run, with whether it works on this machine. */
export interface EngineInfo {
  id: 'ort' | 'builtin';
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

/** Errors travel as data, never as thrown objects across a transport. */
export interface ApiErrorData {
  /** Machine-readable kind, e.g. "BadRequest", "NotFound", "ModelError". */
  name: string;
  /** One sentence for people: what failed and what to do. */
  message: string;
  /** Optional specifics: file, place, expected value. */
  detail?: string;
}

/** Events pushed from host to renderer. Later issues add variants. */
export type WorkbenchEvent =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; time: number }
  | {
      type: 'progress';
      /** Id of the request whose long work this reports on. */
      requestId: string;
      /** 0..1, or null when unknown. */
      fraction: number | null;
      message: string;
    };

/** Every method of the contract: name → parameter tuple and result. */
export interface WorkbenchMethods {
  getAppInfo: { params: []; result: AppInfo };
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
export const METHOD_NAMES = ['getAppInfo'] as const satisfies readonly MethodName[];

// Compile-time check that METHOD_NAMES lists every method exactly.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const allMethodsListed: Missing extends never ? true : Missing = true;
void allMethodsListed;
