import os from 'node:os';
import { UserError } from '../api/errors';
import { RUN_LIMITS } from '../api/limits';
import type { EngineId, PerformanceHint } from '../api/names';
import type { DeviceProperty, SessionOptions } from '../engines/engine';
import type { ShapeSpec } from '../model/shape-spec';

/** One benchmark run, with benchmark_app's knobs (DESIGN.md, "Benchmark semantics"). */
export interface BenchOptions {
  modelPath: string;
  engine: EngineId;
  /** Independent streams, each a worker thread with its own session. Default 1. */
  streams?: number;
  /** Total inference threads, split evenly over streams (≥ 1 each). Default: all cores, at least one per stream. */
  threads?: number;
  /** Requests in flight; default = streams. Async: spread over streams; sync: always one. */
  nireq?: number;
  /** async: all streams busy; sync: one request at a time overall. Default async. */
  api?: 'async' | 'sync';
  /** Default 1. */
  batch?: number;
  /** Bound to the second dim of every symbolic [batch, seq] input. Default 128, or the model's positions if fewer. */
  seq?: number;
  /** Explicit input shapes, overriding batch/seq. */
  shapes?: ShapeSpec;
  /** Sizes of other symbolic dims by name (--dim NAME=VALUE); the rest get defaults, noted. */
  dims?: Record<string, number>;
  sparseRate?: number | null;
  /** Run length in seconds (default 10 when niter is absent). */
  timeS?: number;
  /** Run length in iterations over all streams. Exclusive with timeS. */
  niter?: number;
  /** Warm-up iterations per stream, excluded from every figure; the first is reported apart. Default 1. */
  warmup?: number;
  /** Label stored with the result, e.g. 'dense', 'pruned-90'. */
  variant?: string | null;
  /** Passed to engines that have one (ORT's default: 'all'); unset = the engine's default. */
  graphOptimizationLevel?: SessionOptions['graphOptimizationLevel'];
  /** Seed of the synthetic feeds. Default 0. */
  seed?: number;
  /** Overall limit, load included; default 120 s + 2 × the run length. */
  timeoutMs?: number;
  /** V8 old-generation limit of each stream worker (JS heap only; native buffers are outside). */
  workerHeapMb?: number;
  /** Device properties for engines that take them (openvino): -load_config keys without a knob. */
  deviceProperties?: Record<string, DeviceProperty>;
  /** benchmark_app -hint (openvino); default latency for sync, throughput for async. */
  hint?: PerformanceHint;
  /** Keep the model's dynamic shapes and feed the data's (benchmark_app -data_shape; openvino). */
  dataShape?: boolean;
  /** Per-layer counters and runtime graph (benchmark_app -pc; openvino). */
  perfCounters?: boolean;
  /** With perfCounters: write the runtime graph there as execution-graph XML (-exec_graph_path). */
  execGraphPath?: string;
}

/** BenchOptions with every default filled in and every knob checked. */
export interface ResolvedBenchOptions {
  modelPath: string;
  engine: EngineId;
  streams: number;
  threads: number;
  nireq: number;
  api: 'async' | 'sync';
  batch: number;
  seq: number | null;
  shapes: ShapeSpec | null;
  dims: Record<string, number> | null;
  sparseRate: number | null;
  timeS: number | null;
  niter: number | null;
  warmup: number;
  variant: string | null;
  graphOptimizationLevel: SessionOptions['graphOptimizationLevel'] | null;
  seed: number;
  timeoutMs: number;
  workerHeapMb: number;
  deviceProperties: Record<string, DeviceProperty>;
  hint: PerformanceHint | null;
  dataShape: boolean;
  perfCounters: boolean;
  execGraphPath: string | null;
}

export const DEFAULT_TIME_S = 10;
export const DEFAULT_SEQ = 128;

function positiveInt(
  name: keyof typeof RUN_LIMITS,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const max = RUN_LIMITS[name];
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new UserError(
      'BadInput',
      `${name} must be an integer from 1 to ${max.toLocaleString('en')}, got ${value}.`,
    );
  }
  return value;
}

/** Check the knobs and fill defaults; throws UserError('BadInput') naming the knob and its limits. */
export function resolveBenchOptions(o: BenchOptions): ResolvedBenchOptions {
  if (!o.modelPath) throw new UserError('BadInput', 'No model given.');
  const streams = positiveInt('streams', o.streams, 1);
  const threads = positiveInt('threads', o.threads, Math.max(streams, os.availableParallelism()));
  if (threads < streams) {
    throw new UserError(
      'BadInput',
      `threads (${threads}) is less than streams (${streams}): each stream needs at least one thread.`,
    );
  }
  const nireq = positiveInt('nireq', o.nireq, streams);
  const api = o.api ?? 'async';
  if (api !== 'async' && api !== 'sync')
    throw new UserError('BadInput', `api must be async or sync, got ${String(api)}.`);
  if (o.timeS !== undefined && o.niter !== undefined) {
    throw new UserError('BadInput', 'Give the run length as time or as niter, not both.');
  }
  if (
    o.timeS !== undefined &&
    !(Number.isFinite(o.timeS) && o.timeS > 0 && o.timeS <= RUN_LIMITS.timeS)
  ) {
    throw new UserError(
      'BadInput',
      `time must be a number of seconds > 0 and at most ${RUN_LIMITS.timeS}, got ${o.timeS}.`,
    );
  }
  const niter = o.niter === undefined ? null : positiveInt('niter', o.niter, 1);
  const warmup = o.warmup ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > RUN_LIMITS.warmup) {
    throw new UserError(
      'BadInput',
      `warmup must be an integer from 0 to ${RUN_LIMITS.warmup.toLocaleString('en')}, got ${warmup}.`,
    );
  }
  const sparseRate = o.sparseRate ?? null;
  if (sparseRate !== null && !(sparseRate >= 0 && sparseRate <= 1)) {
    throw new UserError('BadInput', `sparse_rate must be between 0 and 1, got ${sparseRate}.`);
  }
  const timeS = niter === null ? (o.timeS ?? DEFAULT_TIME_S) : null;
  return {
    modelPath: o.modelPath,
    engine: o.engine,
    streams,
    threads,
    nireq,
    api,
    batch: positiveInt('batch', o.batch, 1),
    seq: o.seq === undefined ? null : positiveInt('seq', o.seq, 1),
    shapes: o.shapes ?? null,
    dims: o.dims ?? null,
    sparseRate,
    timeS,
    niter,
    warmup,
    variant: o.variant ?? null,
    graphOptimizationLevel: o.graphOptimizationLevel ?? null,
    seed: o.seed ?? 0,
    timeoutMs: o.timeoutMs ?? 120_000 + 2 * 1000 * (timeS ?? 0),
    workerHeapMb: o.workerHeapMb ?? 1024,
    deviceProperties: o.deviceProperties ?? {},
    hint: o.hint ?? null,
    dataShape: o.dataShape ?? false,
    perfCounters: o.perfCounters ?? o.execGraphPath !== undefined,
    execGraphPath: o.execGraphPath ?? null,
  };
}

/** Threads of each stream: an even split, the first `threads % streams` streams one more. */
export function splitThreads(threads: number, streams: number): number[] {
  const base = Math.floor(threads / streams);
  return Array.from({ length: streams }, (_, i) => base + (i < threads % streams ? 1 : 0));
}

/** Requests each stream serves: nireq spread evenly, the first streams one more. */
export function splitRequests(nireq: number, streams: number): number[] {
  return splitThreads(nireq, streams);
}
