import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { UserError } from '../api/errors';
import { createEngine } from '../engines/create-engine';
import { appVersion, distPath } from '../util/paths';
import {
  DEFAULT_SEQ,
  resolveBenchOptions,
  splitRequests,
  splitThreads,
  type BenchOptions,
  type ResolvedBenchOptions,
} from './bench-options';
import { makeFeeds } from './inputs';
import { machineInfo } from './machine';
import { loadModelFactsIsolated } from './model-facts';
import { BENCH_RESULT_SCHEMA_VERSION, type BenchResult } from './result';
import { latencyStats, throughputFps } from './stats';
import {
  CTL,
  CTL_BYTES,
  CTL_DEADLINE_BYTE_OFFSET,
  CTL_INT32_SLOTS,
  type StreamMessage,
  type StreamWorkerData,
} from './stream-protocol';

export interface BenchHooks {
  signal?: AbortSignal;
  /** Called about every 250 ms during the measured phase. */
  onProgress?: (p: { elapsedMs: number; count: number }) => void;
}

const RSS_SAMPLE_MS = 100;
const PROGRESS_MS = 250;
/** How long stopped streams get to finish the request in hand and close. */
const STOP_GRACE_MS = 30_000;

/**
 * Run one benchmark: `streams` fresh worker threads, each loading its own session, warmed up,
 * then released together into the measured phase. Rejects with a UserError on bad options, a
 * crashed or failing worker, the overall timeout or an abort; it settles only once every
 * stream has stopped, so the next run never shares the cores with this one.
 */
export async function runBenchmark(
  options: BenchOptions,
  hooks: BenchHooks = {},
): Promise<BenchResult> {
  const o = resolveBenchOptions(options);
  const engine = createEngine(o.engine);
  const facts = await loadModelFactsIsolated(o.modelPath);
  const seq = o.seq ?? Math.min(DEFAULT_SEQ, facts.maxPositions ?? DEFAULT_SEQ);
  const feeds = makeFeeds(facts, {
    batch: o.batch,
    seq,
    shapes: o.shapes ?? undefined,
    seed: o.seed,
  });
  const notes: string[] = [];
  if (facts.maxPositions !== null) {
    for (const [name, t] of Object.entries(feeds)) {
      const len = t.dims.length >= 2 && t.dtype.startsWith('int') ? t.dims[1]! : 0;
      if (len > facts.maxPositions) {
        throw new UserError(
          'BadShape',
          `Sequence length ${len} of input ${name} exceeds the model's ${facts.maxPositions} positions (rows of its position-embedding table).`,
          `Use --seq (or --shape) of at most ${facts.maxPositions}.`,
        );
      }
    }
  } else {
    notes.push('position-embedding table not found: sequence length not checked against the model');
  }
  if (facts.vocabSize === null && facts.inputs.some((i) => /input_ids/i.test(i.name))) {
    notes.push('vocabulary size not found: token ids are all 0');
  }
  if (o.api === 'async' && o.nireq > o.streams) {
    notes.push(
      `nireq ${o.nireq} > streams ${o.streams}: a stream serves its requests one after another`,
    );
  }
  if (o.api === 'sync' && o.nireq !== 1 && options.nireq !== undefined) {
    notes.push('api sync keeps one request in flight: nireq is ignored');
  }
  const run = await runStreams(o, feeds, hooks);
  for (const n of run.notes) if (!notes.includes(n)) notes.push(n);

  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(feeds)) shapes[name] = t.dims;
  const allExplicit =
    o.shapes !== null && facts.inputs.every((i) => o.shapes![i.name] || o.shapes!['*']);
  return {
    schema_version: BENCH_RESULT_SCHEMA_VERSION,
    source: 'sparsescope',
    engine: engine.id,
    engine_version: run.engineVersion,
    sparsescope_version: appVersion(),
    model: { path: o.modelPath, sha256: facts.sha256, variant: o.variant },
    config: {
      streams: o.streams,
      threads: o.threads,
      nireq: o.api === 'sync' ? 1 : o.nireq,
      api: o.api,
      batch: o.batch,
      seq: allExplicit ? null : seq,
      shapes,
      sparse_rate: o.sparseRate,
      time_s: o.timeS,
      niter: o.niter,
      warmup: o.warmup,
    },
    count: run.count,
    duration_ms: run.durationMs,
    throughput_fps: throughputFps(run.count, o.batch, run.durationMs),
    latency_ms: latencyStats(run.latencies),
    first_inference_ms: run.firstMs,
    load_ms: run.loadMs,
    peak_rss_mb: run.peakRssBytes / 2 ** 20,
    machine: machineInfo(),
    timestamp: new Date().toISOString(),
    notes,
  };
}

interface StreamsOutcome {
  count: number;
  durationMs: number;
  latencies: Float64Array;
  firstMs: number | null;
  loadMs: number;
  peakRssBytes: number;
  notes: string[];
  engineVersion: string;
}

/** Spawn the stream workers, drive the phases, collect their measurements. */
function runStreams(
  o: ResolvedBenchOptions,
  feeds: StreamWorkerData['feeds'],
  hooks: BenchHooks,
): Promise<StreamsOutcome> {
  const control = new SharedArrayBuffer(CTL_BYTES);
  const ctl = new Int32Array(control, 0, CTL_INT32_SLOTS);
  const deadline = new Float64Array(control, CTL_DEADLINE_BYTE_OFFSET, 1);
  const threads = splitThreads(o.threads, o.streams);
  const requests = o.api === 'sync' ? threads.map(() => 1) : splitRequests(o.nireq, o.streams);
  const workerFile = distPath('core', 'stream.worker.js');
  if (!existsSync(workerFile)) {
    return Promise.reject(
      new UserError(
        'BuildMissing',
        `The stream worker bundle ${workerFile} is missing: run \`node scripts/build.mjs core\`.`,
      ),
    );
  }

  return new Promise<StreamsOutcome>((resolve, reject) => {
    const workers: Worker[] = [];
    const exited: Promise<void>[] = [];
    const finished = new Set<number>();
    const ready: Extract<StreamMessage, { type: 'ready' }>[] = [];
    const done: Extract<StreamMessage, { type: 'done' }>[] = [];
    let settled = false;
    let goAbsMs = 0;
    let peakRss = process.memoryUsage.rss();
    const rssTimer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, RSS_SAMPLE_MS);
    let progressTimer: NodeJS.Timeout | undefined;
    const timeout = setTimeout(
      () =>
        fail(
          new UserError(
            'BenchTimeout',
            `The benchmark did not finish within ${Math.round(o.timeoutMs / 1000)} s; its streams were stopped.`,
          ),
        ),
      o.timeoutMs,
    );
    const onAbort = (): void => fail(new UserError('Cancelled', 'The benchmark was cancelled.'));

    /**
     * Stop every stream and settle once they have all ended. Workers are never terminated:
     * terminating one while onnxruntime-node is inside run() aborts the whole process. Each
     * sees STOP, finishes the request in hand, closes its session and returns; one that does
     * not within STOP_GRACE_MS (stuck in native code) is unref'ed and left to end by itself.
     */
    function settle(outcome: () => void): void {
      settled = true;
      clearInterval(rssTimer);
      clearInterval(progressTimer);
      clearTimeout(timeout);
      hooks.signal?.removeEventListener('abort', onAbort);
      Atomics.store(ctl, CTL.STOP, 1);
      Atomics.store(ctl, CTL.GO, 1);
      Atomics.notify(ctl, CTL.GO);
      Atomics.notify(ctl, CTL.TURN);
      let grace: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((r) => {
        grace = setTimeout(() => {
          for (const w of workers) w.unref();
          r();
        }, STOP_GRACE_MS);
      });
      void Promise.race([Promise.all(exited), gaveUp]).then(() => {
        clearTimeout(grace);
        outcome();
      });
    }
    function fail(err: Error): void {
      if (settled) return;
      settle(() => reject(err));
    }

    function start(): void {
      goAbsMs = performance.timeOrigin + performance.now();
      deadline[0] = o.timeS === null ? 0 : goAbsMs + o.timeS * 1000;
      Atomics.store(ctl, CTL.GO, 1);
      Atomics.notify(ctl, CTL.GO);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      if (hooks.onProgress) {
        const onProgress = hooks.onProgress;
        progressTimer = setInterval(() => {
          onProgress({
            elapsedMs: performance.timeOrigin + performance.now() - goAbsMs,
            count: Atomics.load(ctl, CTL.COMPLETED),
          });
        }, PROGRESS_MS);
      }
    }

    function finish(): void {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
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
        : o.warmup === 0 && count > 0
          ? Math.max(...done.filter((d) => d.count > 0).map((d) => d.latencies[0]!))
          : null;
      const notes = [...new Set(ready.flatMap((r) => r.notes))];
      const outcome: StreamsOutcome = {
        count,
        durationMs,
        latencies,
        firstMs,
        loadMs: Math.max(...ready.map((r) => r.loadMs)),
        peakRssBytes: peakRss,
        notes,
        engineVersion: ready[0]?.engineVersion ?? 'unknown',
      };
      settle(() => resolve(outcome));
    }

    if (hooks.signal?.aborted) {
      onAbort();
      return;
    }
    hooks.signal?.addEventListener('abort', onAbort, { once: true });

    for (let i = 0; i < o.streams; i++) {
      const data: StreamWorkerData = {
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
      };
      let worker: Worker;
      try {
        worker = new Worker(workerFile, {
          workerData: data,
          resourceLimits: { maxOldGenerationSizeMb: o.workerHeapMb },
        });
      } catch (err) {
        fail(
          new UserError(
            'WorkerCrashed',
            `Could not start stream worker ${workerFile}.`,
            (err as Error).message,
          ),
        );
        return;
      }
      workers.push(worker);
      exited.push(new Promise<void>((r) => worker.once('exit', () => r())));
      worker.on('message', (m: StreamMessage) => {
        if (settled) return;
        if (m.type === 'error') {
          fail(new UserError(m.kind, `Stream ${i}: ${m.message}`, m.detail));
        } else if (m.type === 'ready') {
          ready.push(m);
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
          if (ready.length === o.streams) start();
        } else {
          done.push(m);
          finished.add(i);
          if (done.length === o.streams) finish();
        }
      });
      worker.on('error', (err) => {
        const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        fail(
          new UserError(
            'WorkerCrashed',
            oom
              ? `Stream ${i}'s worker ran out of memory (JS heap limit ${o.workerHeapMb} MB).`
              : `Stream ${i}'s worker crashed: ${err.message}`,
            err.stack,
          ),
        );
      });
      worker.on('exit', (code) => {
        // A stream that posted its measurements may end before the others; that is normal.
        if (!settled && !finished.has(i)) {
          fail(
            new UserError(
              'WorkerCrashed',
              `Stream ${i}'s worker exited unexpectedly (code ${code}) before finishing.`,
            ),
          );
        }
      });
    }
  });
}
