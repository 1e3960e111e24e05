// The benchmark's sessions: one worker thread each, loaded once, driven by messages.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { root } from './lib.mjs';

const WORKER = path.join(root, 'test/perf/engines/session-worker.mjs');

/** A loaded session in its worker: measure(seq, ms) → {count, ms, latencies}. */
export class BenchSession {
  static async open(spec) {
    const s = new BenchSession(spec);
    const ready = await s.next();
    s.loadMs = ready.loadMs;
    s.notes = ready.notes;
    return s;
  }

  constructor(spec) {
    this.spec = spec;
    this.warm = new Set();
    this.worker = new Worker(WORKER, { workerData: spec });
    this.waiting = [];
    this.worker.on('message', (m) => this.waiting.shift()?.(m));
    this.worker.on('error', (e) => this.waiting.shift()?.({ type: 'error', message: e.message }));
  }

  next() {
    return new Promise((resolve, reject) =>
      this.waiting.push((m) =>
        m.type === 'error' ? reject(new Error(`${this.spec.label}: ${m.message}`)) : resolve(m),
      ),
    );
  }

  /** Run back to back for `ms` at `seq` (a few warm-up runs first the first time). */
  async measure(seq, ms) {
    const warmup = this.warm.has(seq) ? 1 : 3;
    this.warm.add(seq);
    const reply = this.next();
    this.worker.postMessage({ type: 'measure', seq, ms, warmup });
    const r = await reply;
    return { ...r, fps: (r.count * 1000) / r.ms };
  }

  async profile(seq, iters) {
    const reply = this.next();
    this.worker.postMessage({ type: 'profile', seq, iters, warmup: 2 });
    return reply;
  }

  async close() {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    const reply = this.next();
    this.worker.postMessage({ type: 'close' });
    await reply;
    await exited;
  }
}
