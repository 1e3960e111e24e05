import type { EngineWorkerSeed } from '../engines/create-engine';
import type { ApiErrorData } from '../api/errors';
import type { EngineId } from '../api/names';
import type { HostTensor, SessionOptions } from '../engines/engine';

/**
 * What the benchmark's main thread and its stream workers share. Control goes through one
 * SharedArrayBuffer, not messages, so the per-request cost in the measured loop is a couple
 * of atomic operations and two clock reads.
 */

/** Int32 slots of the control buffer. */
export const CTL = {
  /** 0 until the measured phase starts; then 1. Workers Atomics.wait on it. */
  GO: 0,
  /** Set to 1 to make every stream stop after its current request (abort, niter reached). */
  STOP: 1,
  /** Iterations claimed so far (niter runs claim one before running it). */
  CLAIMED: 2,
  /** Iterations completed so far (progress). */
  COMPLETED: 3,
  /** Sync API: index of the stream whose turn it is to run the one request in flight. */
  TURN: 4,
} as const;
export const CTL_INT32_SLOTS = 8;
/** Float64 slot (after the int32 slots) holding the absolute deadline in ms, or 0 = none. */
export const CTL_DEADLINE_BYTE_OFFSET = CTL_INT32_SLOTS * 4;
export const CTL_BYTES = CTL_DEADLINE_BYTE_OFFSET + 8;

export interface StreamWorkerData {
  stream: number;
  streams: number;
  engine: EngineId;
  modelPath: string;
  session: SessionOptions;
  feeds: Record<string, HostTensor>;
  warmup: number;
  /** Requests this stream serves back to back; 0 = idle stream (nireq < streams). */
  requests: number;
  api: 'async' | 'sync';
  /** Total measured iterations, or null for a time-bound run. */
  niter: number | null;
  control: SharedArrayBuffer;
  /** What the engine's sessions reuse from the parent (engineWorkerSeed). */
  seed: EngineWorkerSeed;
}

export type StreamMessage =
  | {
      type: 'ready';
      loadMs: number;
      /** First inference of this stream (null when warmup = 0 and it was measured instead). */
      firstMs: number | null;
      notes: string[];
      engineVersion: string;
    }
  | {
      type: 'done';
      /** Latency of each measured request, in ms (only the first `count` entries). */
      latencies: Float64Array;
      count: number;
      /** Absolute times (performance.timeOrigin + now) bracketing this stream's measured phase. */
      startAbsMs: number;
      endAbsMs: number;
    }
  | { type: 'error'; error: ApiErrorData };
