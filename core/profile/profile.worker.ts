import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData, UserError } from '../api/errors';
import { adoptEngineWorkerSeed, createEngine } from '../engines/create-engine';
import type { Session } from '../engines/engine';
import { measureOrtPeaks, measureWasmPeaks } from './peaks/measure-peaks';
import { PCTL, type ProfileWorkerData, type ProfileWorkerMessage } from './profile-protocol';

// One profiled stream (or the machine-peaks probe). Like the benchmark's stream worker it
// ends by itself on STOP: terminating a worker inside onnxruntime-node's run() aborts the process.

const data = workerData as ProfileWorkerData;
const port = parentPort!;

function post(message: ProfileWorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

async function peaks(threads: number[]): Promise<void> {
  const notes: string[] = [];
  const wasm = measureWasmPeaks();
  let ort = null;
  try {
    ort = await measureOrtPeaks(threads);
  } catch (err) {
    notes.push(`ORT peaks not measured: ${(err as Error).message}`);
  }
  post({ type: 'peaks', peaks: { wasm, ort, notes } });
}

async function profile(d: Extract<ProfileWorkerData, { task: 'profile' }>): Promise<void> {
  const ctl = new Int32Array(d.control);
  adoptEngineWorkerSeed(d.seed);
  const engine = createEngine(d.engine);
  const t0 = performance.now();
  const session: Session = await engine.load(d.modelPath, { ...d.session, profile: true });
  const loadMs = performance.now() - t0;
  if (!session.endProfiling) {
    throw new UserError('RunFailed', `The ${d.engine} engine has no per-node profiling.`);
  }
  // ORT's profiler runs from load to endProfiling (its file marks each run, so warm-up runs
  // are left out when it is read); other engines return the runs since their last call, so
  // one call after warm-up drops it.
  const dropsWarmup = d.engine !== 'ort';
  try {
    for (let i = 0; i < d.warmup && Atomics.load(ctl, PCTL.STOP) === 0; i++)
      await session.run(d.feeds);
    // Timings so far are warm-up: the builtin's next endProfiling covers only what follows.
    if (dropsWarmup) await session.endProfiling();
    post({ type: 'ready', loadMs, notes: session.notes, engineVersion: engine.version });
    while (Atomics.load(ctl, PCTL.GO) === 0) Atomics.wait(ctl, PCTL.GO, 0, 1000);

    const latencies: number[] = [];
    const startsAbsMs: number[] = [];
    for (let i = 0; i < d.niter && Atomics.load(ctl, PCTL.STOP) === 0; i++) {
      const s = performance.now();
      await session.run(d.feeds);
      latencies.push(performance.now() - s);
      startsAbsMs.push(performance.timeOrigin + s);
      Atomics.add(ctl, PCTL.DONE, 1);
    }
    // Builtin: its own per-node times of exactly these iterations; ORT: its profiler's file.
    const p = await session.endProfiling();
    post({
      type: 'done',
      stream: d.stream,
      latencies,
      startsAbsMs,
      nodes: p.nodes.length ? p.nodes : null,
      file: p.file,
      runtimeGraph: p.runtimeGraph,
    });
  } finally {
    await session.close();
  }
}

(data.task === 'peaks' ? peaks(data.threads) : profile(data)).catch((err: unknown) => {
  if (!(err instanceof UserError)) console.error(err);
  post({ type: 'error', error: toErrorData(err) });
});
