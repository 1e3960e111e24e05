import type { StateCreator } from 'zustand';
import type {
  ApiErrorData,
  ResumeOptions,
  RunDetail,
  RunSummary,
  WorkbenchEvent,
} from '../../../core/api/contract';
import { describeError } from '../../../core/api/errors';
import { api } from '../api/client';

export interface SweepProgress {
  done: number;
  total: number;
  cell: string | null;
  etaMs: number | null;
}

export interface RunsSlice {
  runs: RunSummary[];
  runsLoaded: boolean;
  selectedRunId: string | null;
  runDetail: RunDetail | null;
  progress: Record<string, SweepProgress>;
  runsError: ApiErrorData | null;
  /** Details of runs shown in Results, by id (refreshed as cells finish). */
  details: Record<string, RunDetail>;
  /** The run the Results area shows (null = the newest). */
  resultsRunId: string | null;
  setResultsRunId(id: string | null): void;
  loadRunDetail(id: string): Promise<void>;
  loadRuns(): Promise<void>;
  selectRun(id: string | null): Promise<void>;
  startSweep(config: unknown): Promise<void>;
  cancelSweep(id: string): Promise<void>;
  /** Resume a stopped sweep; `rerunNoisy` also measures again the cells marked under load. */
  resumeSweep(id: string, options?: ResumeOptions): Promise<void>;
  deleteRun(id: string): Promise<void>;
  importRuns(paths: string[]): Promise<void>;
  /** Apply one host event (wired once in store/index.ts). */
  onRunEvent(event: WorkbenchEvent): void;
}

export const createRunsSlice: StateCreator<RunsSlice> = (set, get) => {
  const guard = async (work: () => Promise<void>) => {
    set({ runsError: null });
    try {
      await work();
    } catch (err) {
      set({ runsError: describeError(err) });
    }
  };
  // Cells can finish several times a second; refetch a run (and the list) at most once a second.
  const pending = new Set<string>();
  const refreshSoon = (id: string) => {
    if (pending.has(id)) return;
    pending.add(id);
    setTimeout(() => {
      pending.delete(id);
      void get().loadRuns();
      const shown = get().selectedRunId === id || id in get().details;
      if (shown) void refreshDetail(id).catch(() => undefined);
    }, 1000);
  };
  const refreshDetail = async (id: string) => {
    const detail = await api.getRun(id);
    set({ details: { ...get().details, [id]: detail } });
    if (get().selectedRunId === id) set({ runDetail: detail });
  };
  return {
    runs: [],
    runsLoaded: false,
    selectedRunId: null,
    runDetail: null,
    progress: {},
    runsError: null,
    details: {},
    resultsRunId: null,
    setResultsRunId: (id) => set({ resultsRunId: id }),
    loadRunDetail: (id) => guard(() => refreshDetail(id)),
    loadRuns: () => guard(async () => set({ runs: await api.listRuns(), runsLoaded: true })),
    selectRun: (id) =>
      guard(async () => {
        set({ selectedRunId: id, runDetail: null });
        if (id) await refreshDetail(id);
      }),
    startSweep: (config) =>
      guard(async () => {
        const run = await api.startSweep(config);
        await get().loadRuns();
        await get().selectRun(run.id);
      }),
    cancelSweep: (id) => guard(async () => void (await api.cancelSweep(id))),
    resumeSweep: (id, options) =>
      guard(async () => {
        await api.resumeSweep(id, options);
        await get().loadRuns();
      }),
    deleteRun: (id) =>
      guard(async () => {
        await api.deleteRun(id);
        const { [id]: _gone, ...details } = get().details;
        set({ details });
        if (get().selectedRunId === id) set({ selectedRunId: null, runDetail: null });
        await get().loadRuns();
      }),
    importRuns: (paths) =>
      guard(async () => {
        const run = await api.importRuns(paths);
        await get().loadRuns();
        await get().selectRun(run.id);
      }),
    onRunEvent: (event) => {
      if (event.type === 'sweep-progress') {
        const { runId, done, total, cell, etaMs } = event;
        set({ progress: { ...get().progress, [runId]: { done, total, cell, etaMs } } });
      } else if (event.type === 'cell-finished') {
        refreshSoon(event.runId);
      } else if (event.type === 'sweep-status') {
        void get().loadRuns();
        if (get().selectedRunId === event.runId)
          void refreshDetail(event.runId).catch(() => undefined);
      }
    },
  };
};
