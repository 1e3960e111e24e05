import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { BugError, fromErrorData, UserError } from '../api/errors';
import type { MeasuredLoad } from '../api/schemas/bench-result';
import { engineWorkerSeed } from '../engines/create-engine';
import type { MeasuredRun } from '../engines/engine';
import { Disposables } from '../util/disposables';
import { loadBetween, sampleLoad } from './machine-load';
import { workerPath } from '../util/paths';
import { splitRequests, splitThreads, type ResolvedBenchOptions } from './bench-options';
import {
  CTL,
  CTL_BYTES,
  CTL_DEADLINE_BYTE_OFFSET,
  CTL_INT32_SLOTS,
  type StreamMessage,
  type StreamWorkerData,
} from './stream-protocol';

/**
 * The streams of one benchmark, in named phases:
 *   spawn → ready (loaded and warmed up) → release together → measured → stop.
 * Each stream is a worker thread with its own session. Control goes through one
 * SharedArrayBuffer (stream-protocol.ts). Any failure — a stream's error, a crash, the
 * overall timeout, an abort — ends the run; it settles only after every stream has stopped,
 * so the next run never shares the cores with this one.
 */

export interface StreamHooks {
  signal?: AbortSignal;
  /** Called about every 250 ms during the measured phase. */
  onProgress?: (p: { elapsedMs: number; count: number }) => void;
}

/** What the harness measured: a MeasuredRun, always with the machine's load. */
export type StreamsOutcome = MeasuredRun & { load: MeasuredLoad };

type Ready = Extract<StreamMessage, { type: 'ready' }>;
type Done = Extract<StreamMessage, { type: 'done' }>;

const RSS_SAMPLE_MS = 100;
const PROGRESS_MS = 250;
/** How long stopped streams get to finish the request in hand and close. */
const STOP_GRACE_MS = 30_000;

export async function runStreams(
  o: ResolvedBenchOptions,
  feeds: StreamWorkerData['feeds'],
  hooks: StreamHooks,
): Promise<StreamsOutcome> {
  const workerFile = workerPath('stream');
  if (!existsSync(workerFile)) {
    throw new UserError(
      'NotBuilt',
      `The stream worker bundle ${workerFile} is missing: run \`node scripts/build.mjs core\`.`,
    );
  }
  if (hooks.signal?.aborted) throw cancelled();

  const control = new SharedArrayBuffer(CTL_BYTES);
  const ctl = new Int32Array(control, 0, CTL_INT32_SLOTS);
  const cleanup = new Disposables();
  const rss = peakRssSampler(cleanup);
  const streams: Stream[] = [];
  try {
    const failure = failureSignals(o, hooks, cleanup);
    const threads = splitThreads(o.threads, o.streams);
    const requests = o.api === 'sync' ? threads.map(() => 1) : splitRequests(o.nireq, o.streams);
    const seed = engineWorkerSeed(o.engine);
    for (let i = 0; i < o.streams; i++) {
      const stream = spawnStream(workerFile, o.workerHeapMb, {
        stream: i,
        streams: o.streams,
        engine: o.engine,
        modelPath: o.modelPath,
        session: {
          threads: threads[i]!,
          sparseRate: o.sparseRate,
          ...(o.graphOptimizationLevel ? { graphOptimizationLevel: o.graphOptimizationLevel } : {}),
        },
        feeds,
        warmup: o.warmup,
        requests: requests[i]!,
        api: o.api,
        niter: o.niter,
        control,
        seed,
      });
      streams.push(stream);
      failure.watch(stream.failed);
    }

    const ready = await failure.race(Promise.all(streams.map((s) => s.ready)));
    rss.sample();
    const before = sampleLoad();
    const goAbsMs = release(control, o);
    rss.sample();
    if (hooks.onProgress) reportProgress(ctl, goAbsMs, hooks.onProgress, cleanup);
    const done = await failure.race(Promise.all(streams.map((s) => s.done)));
    const load = loadBetween(before, sampleLoad());
    rss.sample();
    return { ...outcome(o, ready, done, rss.peak()), load };
  } finally {
    cleanup.dispose();
    await stopStreams(ctl, streams);
  }
}

interface Stream {
  worker: Worker;
  ready: Promise<Ready>;
  done: Promise<Done>;
  /** Rejects when the stream fails; never resolves. */
  failed: Promise<never>;
  exited: Promise<void>;
}

/** Phase 1: one worker per stream; its messages and lifecycle become promises. */
function spawnStream(file: string, heapMb: number, data: StreamWorkerData): Stream {
  const i = data.stream;
  let worker: Worker;
  try {
    worker = new Worker(file, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  } catch (err) {
    throw new BugError(
      'Crashed',
      `Could not start stream worker ${file}: ${(err as Error).message}`,
    );
  }
  let onReady!: (m: Ready) => void;
  let onDone!: (m: Done) => void;
  let onFailed!: (err: Error) => void;
  let finished = false;
  const ready = new Promise<Ready>((r) => (onReady = r));
  const done = new Promise<Done>((r) => (onDone = r));
  const failed = new Promise<never>((_, reject) => (onFailed = reject));
  failed.catch(() => undefined); // observed through failureSignals.race; never unhandled
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  worker.on('message', (m: StreamMessage) => {
    if (m.type === 'error') onFailed(withPrefix(fromErrorData(m.error), `Stream ${i}: `));
    else if (m.type === 'ready') onReady(m);
    else {
      finished = true;
      onDone(m);
    }
  });
  worker.on('error', (err) => {
    const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    onFailed(
      oom
        ? new UserError(
            'RunFailed',
            `Stream ${i}'s worker ran out of memory (JS heap limit ${heapMb} MB).`,
          )
        : new BugError('Crashed', `Stream ${i}'s worker crashed: ${err.message}`),
    );
  });
  worker.on('exit', (code) => {
    // A stream that posted its measurements may end before the others; that is normal.
    if (!finished)
      onFailed(
        new BugError(
          'Crashed',
          `Stream ${i}'s worker exited unexpectedly (code ${code}) before finishing.`,
        ),
      );
  });
  return { worker, ready, done, failed, exited };
}

/** Everything that ends a run early: stream failures, the overall timeout, an abort. */
function failureSignals(o: ResolvedBenchOptions, hooks: StreamHooks, cleanup: Disposables) {
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const timer = setTimeout(
    () =>
      fail(
        new UserError(
          'Timeout',
          `The benchmark did not finish within ${Math.round(o.timeoutMs / 1000)} s; its streams were stopped.`,
        ),
      ),
    o.timeoutMs,
  );
  cleanup.add(() => clearTimeout(timer));
  const onAbort = (): void => fail(cancelled());
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  cleanup.add(() => hooks.signal?.removeEventListener('abort', onAbort));
  return {
    watch: (p: Promise<never>) => void p.catch(fail),
    race: <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]),
  };
}

/** Phase 3: release every stream at once into the measured phase; returns the start time. */
function release(control: SharedArrayBuffer, o: ResolvedBenchOptions): number {
  const ctl = new Int32Array(control, 0, CTL_INT32_SLOTS);
  const deadline = new Float64Array(control, CTL_DEADLINE_BYTE_OFFSET, 1);
  const goAbsMs = performance.timeOrigin + performance.now();
  deadline[0] = o.timeS === null ? 0 : goAbsMs + o.timeS * 1000;
  Atomics.store(ctl, CTL.GO, 1);
  Atomics.notify(ctl, CTL.GO);
  return goAbsMs;
}

function reportProgress(
  ctl: Int32Array,
  goAbsMs: number,
  onProgress: NonNullable<StreamHooks['onProgress']>,
  cleanup: Disposables,
): void {
  cleanup.interval(
    () =>
      onProgress({
        elapsedMs: performance.timeOrigin + performance.now() - goAbsMs,
        count: Atomics.load(ctl, CTL.COMPLETED),
      }),
    PROGRESS_MS,
  );
}

/**
 * Phase 5: stop every stream and wait for them to end. Workers are never terminated:
 * terminating one while onnxruntime-node is inside run() aborts the whole process. Each sees
 * STOP, finishes the request in hand, closes its session and returns; one that does not
 * within STOP_GRACE_MS (stuck in native code) is unref'ed and left to end by itself.
 */
async function stopStreams(ctl: Int32Array, streams: readonly Stream[]): Promise<void> {
  Atomics.store(ctl, CTL.STOP, 1);
  Atomics.store(ctl, CTL.GO, 1);
  Atomics.notify(ctl, CTL.GO);
  Atomics.notify(ctl, CTL.TURN);
  let grace: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((r) => {
    grace = setTimeout(() => {
      for (const s of streams) s.worker.unref();
      r();
    }, STOP_GRACE_MS);
  });
  await Promise.race([Promise.all(streams.map((s) => s.exited)), gaveUp]);
  clearTimeout(grace);
}

/** Phase 4's measurements, merged over streams. */
function outcome(
  o: ResolvedBenchOptions,
  ready: readonly Ready[],
  done: readonly Done[],
  peakRssBytes: number,
): MeasuredRun {
  const count = done.reduce((a, d) => a + d.count, 0);
  const latencies = new Float64Array(count);
  let at = 0;
  for (const d of done) {
    latencies.set(d.latencies.subarray(0, d.count), at);
    at += d.count;
  }
  // Measured phase: the first stream's start to the last request's completion, on the
  // workers' own clocks (no message latency in it).
  const active = done.filter((d) => d.count > 0);
  const durationMs = active.length
    ? Math.max(...active.map((d) => d.endAbsMs)) - Math.min(...active.map((d) => d.startAbsMs))
    : 0;
  const firsts = ready.map((r) => r.firstMs).filter((x): x is number => x !== null);
  // warmup 0: the first measured request of each stream is its first inference.
  const firstMs = firsts.length
    ? Math.max(...firsts)
    : o.warmup === 0 && active.length > 0
      ? Math.max(...active.map((d) => d.latencies[0]!))
      : null;
  return {
    count,
    durationMs,
    latencies,
    firstMs,
    loadMs: Math.max(...ready.map((r) => r.loadMs)),
    peakRssBytes,
    notes: [...new Set(ready.flatMap((r) => r.notes))],
    engineVersion: ready[0]?.engineVersion ?? 'unknown',
  };
}

function peakRssSampler(cleanup: Disposables) {
  let peak = process.memoryUsage.rss();
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  cleanup.interval(sample, RSS_SAMPLE_MS);
  return { sample, peak: () => peak };
}

function cancelled(): UserError {
  return new UserError('Cancelled', 'The benchmark was cancelled.');
}

function withPrefix(err: UserError | BugError, prefix: string): UserError | BugError {
  return err instanceof UserError
    ? new UserError(err.kind, prefix + err.message, err.detail)
    : new BugError(err.kind, prefix + err.message, err.detail);
}
