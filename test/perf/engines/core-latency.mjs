// Core-to-core round trip: a cache line bounced between the calling thread and a worker thread,
// both spinning, so on a 2-vCPU machine they sit on the two vCPUs. A hypervisor may move the
// vCPUs between cores that share a cache and cores that do not (seen on an AMD EPYC VM: 55–65
// ns for 10–40 s at a time, then 320–390 ns), which changes how fast threads that share
// data run. bench:engines prints this beside its thread-scaling figures.
import { Worker } from 'node:worker_threads';
import { median } from './lib.mjs';

const PONG = `
const { workerData } = require('node:worker_threads');
const f = new Int32Array(workerData);
for (;;) {
  const v = Atomics.load(f, 0);
  if (v < 0) break;
  if (v === 0) { Atomics.wait(f, 0, 0, 100); continue; }
  if (v & 1) Atomics.store(f, 0, v + 1);
}
`;

/** A probe: `roundTripNs(ms)` → median ns per round trip over batches; `close()` ends it. */
export function coreLatencyProbe() {
  const sab = new SharedArrayBuffer(64);
  const f = new Int32Array(sab);
  const worker = new Worker(PONG, { eval: true, workerData: sab });
  worker.unref();
  return {
    roundTripNs(ms = 50) {
      const batches = [];
      const start = performance.now();
      let v = 1;
      Atomics.store(f, 0, v);
      Atomics.notify(f, 0);
      // The worker answers the first odd value: wait until it is spinning.
      while (Atomics.load(f, 0) === v) if (performance.now() - start > 2000) return NaN;
      v++;
      while (performance.now() - start < ms) {
        const t0 = performance.now();
        for (let i = 0; i < 1000; i++) {
          Atomics.store(f, 0, ++v);
          while (Atomics.load(f, 0) === v);
          v++;
        }
        batches.push(((performance.now() - t0) * 1e6) / 1000);
      }
      Atomics.store(f, 0, 0);
      return median(batches);
    },
    async close() {
      Atomics.store(f, 0, -1);
      Atomics.notify(f, 0);
      await worker.terminate();
    },
  };
}
