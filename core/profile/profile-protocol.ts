import type { EngineWorkerSeed } from '../engines/create-engine';
import type { ApiErrorData } from '../api/errors';
import type { EngineId } from '../api/names';
import type { MachinePeaks } from '../api/schemas/profile';
import type { HostTensor, NodeTiming, SessionOptions, SessionProfile } from '../engines/engine';

/**
 * What the profile runner and its workers (profile.worker.ts) share. One worker per stream
 * loads its own session with profile: true, warms up, waits for the common start, runs its
 * iterations and sends back per-iteration latencies and node times. Control goes through a
 * SharedArrayBuffer: GO releases every stream at once, STOP ends them after the run in hand.
 */

export const PCTL = { GO: 0, STOP: 1, DONE: 2 } as const;
export const PCTL_SLOTS = 4;

export type ProfileWorkerData =
  | {
      task: 'profile';
      stream: number;
      engine: EngineId;
      modelPath: string;
      session: SessionOptions;
      feeds: Record<string, HostTensor>;
      warmup: number;
      niter: number;
      control: SharedArrayBuffer;
      /** What the engine's sessions reuse from the parent (engineWorkerSeed). */
      seed: EngineWorkerSeed;
    }
  | { task: 'peaks'; threads: number[] };

export type ProfileWorkerMessage =
  | { type: 'ready'; loadMs: number; notes: string[]; engineVersion: string }
  | {
      type: 'done';
      stream: number;
      /** End-to-end ms of each measured iteration, on the worker's monotonic clock. */
      latencies: number[];
      /** Absolute start (timeOrigin + now) of each iteration, ms. */
      startsAbsMs: number[];
      /** Builtin: per node its facts and its ms in each measured iteration. */
      nodes: NodeTiming[] | null;
      /** ORT: the profiler's file and runtime graph (SessionProfile.file / runtimeGraph). */
      file: SessionProfile['file'];
      runtimeGraph: SessionProfile['runtimeGraph'];
    }
  | { type: 'peaks'; peaks: Pick<MachinePeaks, 'wasm' | 'ort' | 'notes'> }
  | { type: 'error'; error: ApiErrorData };
