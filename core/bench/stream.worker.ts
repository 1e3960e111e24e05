import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData, UserError } from '../api/errors';
import { adoptEngineWorkerSeed, createEngine } from '../engines/create-engine';
import type { Session } from '../engines/engine';
import {
  CTL,
  CTL_DEADLINE_BYTE_OFFSET,
  type StreamMessage,
  type StreamWorkerData,
} from './stream-protocol';

// One benchmark stream: its own session, its share of the threads, and a tight measured loop.
// This worker must end by itself (STOP flag → finish the request in hand → close → return):
// terminating a worker while onnxruntime-node is inside run() aborts the whole process.

const data = workerData as StreamWorkerData;
const port = parentPort!;
const ctl = new Int32Array(data.control, 0, CTL_DEADLINE_BYTE_OFFSET / 4);
const deadline = new Float64Array(data.control, CTL_DEADLINE_BYTE_OFFSET, 1);
/** Test hook (sweep tests rely on the name): crash this worker in the middle of the run. */
const crashMidRun = process.env.SPARSESCOPE_FAULT === 'crash-worker';

function post(message: StreamMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

const absNow = (): number => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  adoptEngineWorkerSeed(data.seed);
  const engine = createEngine(data.engine);
  const t0 = performance.now();
  const session = await engine.load(data.modelPath, data.session);
  const loadMs = performance.now() - t0;
  const feeds = data.feeds;

  let firstMs: number | null = null;
  for (let i = 0; i < data.warmup && Atomics.load(ctl, CTL.STOP) === 0; i++) {
    const s = performance.now();
    await session.run(feeds);
    if (i === 0) firstMs = performance.now() - s;
  }
  post({ type: 'ready', loadMs, firstMs, notes: session.notes, engineVersion: engine.version });

  // Wait for the start signal; the main thread releases every stream at once.
  while (Atomics.load(ctl, CTL.GO) === 0) Atomics.wait(ctl, CTL.GO, 0, 1000);

  const result = data.api === 'sync' ? await runSync(session) : await runAsync(session);
  await session.close();
  post({ type: 'done', ...result }, [result.latencies.buffer as ArrayBuffer]);
}

interface Measured {
  latencies: Float64Array;
  count: number;
  startAbsMs: number;
  endAbsMs: number;
}

class Recorder {
  latencies = new Float64Array(1024);
  count = 0;
  add(ms: number): void {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = ms;
    Atomics.add(ctl, CTL.COMPLETED, 1);
  }
}

/**
 * The fault hook: after the first measured request, end the worker with an uncaught
 * exception the way a native crash would. The returned promise never settles, so the stream
 * cannot post its results first, whatever niter is.
 */
function crash(): Promise<never> {
  return new Promise<never>(() => {
    setImmediate(() => {
      throw new Error('SPARSESCOPE_FAULT=crash-worker: simulated stream worker crash');
    });
  });
}

/** Whether another iteration may start: not stopped, before the deadline, niter not used up. */
function mayStart(): boolean {
  if (Atomics.load(ctl, CTL.STOP) !== 0) return false;
  if (data.niter !== null) return Atomics.add(ctl, CTL.CLAIMED, 1) < data.niter;
  return absNow() < deadline[0]!;
}

/** async API: this stream runs its requests back to back until the run ends. */
async function runAsync(session: Session): Promise<Measured> {
  const rec = new Recorder();
  const feeds = data.feeds;
  const startAbsMs = absNow();
  let endAbsMs = startAbsMs;
  if (data.requests > 0) {
    while (mayStart()) {
      const s = performance.now();
      await session.run(feeds);
      const e = performance.now();
      rec.add(e - s);
      endAbsMs = performance.timeOrigin + e;
      if (crashMidRun) await crash();
    }
  }
  return { latencies: rec.latencies, count: rec.count, startAbsMs, endAbsMs };
}

/** sync API: one request in flight overall; streams take turns in round robin. */
async function runSync(session: Session): Promise<Measured> {
  const rec = new Recorder();
  const feeds = data.feeds;
  const startAbsMs = absNow();
  let endAbsMs = startAbsMs;
  for (;;) {
    const turn = Atomics.load(ctl, CTL.TURN);
    if (Atomics.load(ctl, CTL.STOP) !== 0) break;
    if (turn !== data.stream) {
      Atomics.wait(ctl, CTL.TURN, turn, 50);
      continue;
    }
    if (!mayStart()) {
      // Tell the others the run is over, so none waits for a turn that never comes.
      Atomics.store(ctl, CTL.STOP, 1);
      Atomics.notify(ctl, CTL.TURN);
      break;
    }
    const s = performance.now();
    await session.run(feeds);
    const e = performance.now();
    rec.add(e - s);
    endAbsMs = performance.timeOrigin + e;
    if (crashMidRun) await crash();
    Atomics.store(ctl, CTL.TURN, (data.stream + 1) % data.streams);
    Atomics.notify(ctl, CTL.TURN);
  }
  return { latencies: rec.latencies, count: rec.count, startAbsMs, endAbsMs };
}

main().catch((err: unknown) => {
  // Engines wrap their own failures as UserErrors; anything else is a bug, logged here with
  // its stack (the host's stderr) and sent as data without it.
  if (!(err instanceof UserError)) console.error(err);
  post({ type: 'error', error: toErrorData(err) });
});
