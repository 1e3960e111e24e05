// One benchmark session in its own worker thread (one stream): loads the model once, then on
// each request runs back to back for a given time at a given sequence length and reports the
// count — so sessions stay loaded while the main thread interleaves them.
import { parentPort, workerData } from 'node:worker_threads';
import { bertFeeds, loadLib } from './lib.mjs';

const { engine, file, threads, sparseRate, tier, profile, vocab } = workerData;
const lib = await loadLib();
const t0 = performance.now();
const session =
  engine === 'ort'
    ? await lib.ortEngine.load(file, { threads })
    : await lib.builtinEngine.load(file, { threads, sparseRate, tier, profile });
const loadMs = performance.now() - t0;
const feeds = new Map();
const feedsFor = (seq) => {
  if (!feeds.has(seq)) feeds.set(seq, bertFeeds(seq, vocab));
  return feeds.get(seq);
};
parentPort.postMessage({ type: 'ready', loadMs, notes: session.notes });

parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'close') {
      await session.close();
      parentPort.postMessage({ type: 'closed' });
      // Ends this worker by itself (never terminated from outside: see stream.worker.ts).
      parentPort.close();
      return;
    }
    const f = feedsFor(msg.seq);
    for (let i = 0; i < msg.warmup; i++) await session.run(f);
    if (msg.type === 'profile') {
      // Times of these runs only: a profiled session keeps every run's times.
      const latencies = [];
      for (let i = 0; i < msg.iters; i++) {
        const s = performance.now();
        await session.run(f);
        latencies.push(performance.now() - s);
      }
      const nodes = session.nodeTimes().map((n) => {
        const last = n.samples.slice(-msg.iters);
        return { ...n, samples: undefined, ms: last.reduce((a, b) => a + b, 0) / last.length };
      });
      parentPort.postMessage({ type: 'profiled', nodes, latencies });
      return;
    }
    const latencies = [];
    const start = performance.now();
    const end = start + msg.ms;
    let now = start;
    while (now < end || latencies.length < 2) {
      const s = now;
      await session.run(f);
      now = performance.now();
      latencies.push(now - s);
    }
    parentPort.postMessage({
      type: 'measured',
      count: latencies.length,
      ms: now - start,
      latencies,
    });
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: err?.message ?? String(err) });
  }
});
