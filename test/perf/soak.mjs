// Soak (issue 19, not in CI): a `sparsescope serve` kept busy for a long time — sweeps and
// profiles through the web host, one after another — while its memory, open file descriptors
// and threads are sampled. A host people leave running must not grow without bound: the script
// fits a line through the samples of the second half (after warm-up) and prints the slope per
// hour next to the first and last values — for the samples taken every 10 s (at any moment of a
// run: workers, sockets and buffers come and go) and for those taken between iterations, when
// the host is idle (the ones a leak shows in).
//
// What --check measures, and why (diagnosed Dec 2026 on Node 20, glibc 2.36): RSS alone mixes
// three things. (1) The JS heap — leaks in our own code (caches, listeners, finished jobs)
// show here, so the host is started with --inspect on a free loopback port and at every idle
// sample the soak forces two full GCs through the inspector and reads process.memoryUsage():
// heapUsed after GC is the JS-leak signal, with no debug endpoint in the product (it stayed at
// 18.9 MB over 85 iterations; heap snapshots differed only in JIT code). (2) Memory glibc's
// malloc keeps after free: worker threads get arenas of their own and freed blocks stay in
// them (malloc_trim(0) on a 270 MB host gave back 110 MB; mallinfo: ~125 MB free inside the
// arenas, ~30 MB in use). Most of it is taken in the first minutes, so the slopes start after
// warm-up. (3) Native memory really in use — what a leak in an engine, an addon or V8 per
// worker grows; only RSS shows it, so RSS after GC stays in the check (in Dec 2026 it grew
// ~60 MB/h: a fresh wasm kernel module compiled and instantiated in every builtin worker leaks
// ~25 KB of malloc'd memory per worker in V8; compiling once and passing the Module to the
// workers does not). Every limit is relative to the measured size: 10%/h of the second half's
// mean.
// Usage: node test/perf/soak.mjs [--minutes 30] [--check] [--engines ort,builtin] [--diagnose]
//   (after npm run build; Linux: reads /proc)
//   --check     exits 1 when the JS heap or RSS after GC grows by more than 10%/h, descriptors
//               by more than 5/h or threads by more than 1/h.
//   --engines   the sweeps' engines (the profile uses the last one): to find which one grows.
//   --diagnose  also writes heap snapshots (after iteration 3, at half time and at the end)
//               next to samples.json in test-output/soak/<time>/, to diff object counts.
import { spawn } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const minutes = Number(args[args.indexOf('--minutes') + 1]) || 30;
const check = args.includes('--check');
const diagnose = args.includes('--diagnose');
const engines = args.includes('--engines')
  ? args[args.indexOf('--engines') + 1].split(',')
  : ['ort', 'builtin'];
const home = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-soak-'));

const serve = spawn(
  process.execPath,
  [
    '--inspect=127.0.0.1:0', // the soak's window into the host's heap; see the header
    path.join(root, 'dist/core/bin.js'),
    'serve',
    '--no-open',
    '--port',
    '0',
  ],
  {
    env: { ...process.env, SPARSESCOPE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
// The host's stderr goes to a file (an unread pipe would fill and block it), and a host that
// dies ends the soak at once with its exit and the tail of what it wrote.
const hostLog = path.join(home, 'host-stderr.log');
const hostErr = createWriteStream(hostLog);
serve.stderr.pipe(hostErr);
let stopping = false;
serve.once('exit', (code, signal) => {
  if (stopping) return;
  hostErr.end(() => {
    const tail = readFileSync(hostLog, 'utf8').split('\n').slice(-40).join('\n');
    console.error(
      `soak: the host exited (code ${code}, signal ${signal}) after ${((Date.now() - startedAt) / 60_000).toFixed(1)} min; its stderr ends:\n${tail}`,
    );
    process.exit(1);
  });
});
const startedAt = Date.now();
const inspector = await connectInspector(serve);
const url = await new Promise((resolve) => {
  let out = '';
  serve.stdout.on('data', (d) => {
    out += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
    if (m) resolve(new URL(m[1]));
  });
});
const ws = new WebSocket(`ws://${url.host}/api/ws`, {
  headers: { 'x-sparsescope-token': url.searchParams.get('token') },
});
await new Promise((r) => ws.once('open', r));
let counter = 0;
const waiting = new Map();
const listeners = new Set();
ws.on('message', (d) => {
  const m = JSON.parse(String(d));
  if (m.kind === 'event') for (const l of listeners) l(m.event);
  else waiting.get(m.id)?.(m);
});
function call(method, ...params) {
  const id = `soak-${++counter}`;
  return new Promise((resolve, reject) => {
    waiting.set(id, (m) => (m.ok ? resolve(m.result) : reject(new Error(m.error.message))));
    ws.send(JSON.stringify({ kind: 'request', id, method, params }));
  });
}
function finished(runId) {
  return new Promise((resolve) => {
    const l = (e) => {
      if (
        e.type === 'sweep-status' &&
        e.runId === runId &&
        e.status !== 'running' &&
        e.status !== 'queued'
      ) {
        listeners.delete(l);
        resolve(e.status);
      }
    };
    listeners.add(l);
  });
}

function sample() {
  const status = readFileSync(`/proc/${serve.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  return {
    t: Date.now(),
    rssMb: rssKb / 1024,
    fds: readdirSync(`/proc/${serve.pid}/fd`).length,
    threads: Number(/Threads:\s+(\d+)/.exec(status)[1]),
  };
}

/** An idle sample; with --diagnose also the host's own memory figures after a full GC. */
async function idleSample() {
  const s = sample();
  const m = await inspector.memory();
  const mb = (b) => b / 1048576;
  return {
    ...s,
    rssAfterGcMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    arrayBuffersMb: mb(m.arrayBuffers),
    v8MallocMb: mb(m.v8Malloced),
    contexts: m.contexts,
  };
}

/**
 * --diagnose: serve runs with --inspect on a free loopback port; through the inspector the
 * soak forces full GCs, reads process.memoryUsage() and takes heap snapshots — no debug
 * endpoint in the product.
 */
async function connectInspector(child) {
  const wsUrl = await new Promise((resolve) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
      else if (!/Debugger|inspector|help, see/.test(String(d))) process.stderr.write(d);
    });
  });
  const sock = new WebSocket(wsUrl);
  await new Promise((r) => sock.once('open', r));
  let next = 0;
  const pending = new Map();
  const chunks = [];
  sock.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.id) pending.get(m.id)?.(m);
    else if (m.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(m.params.chunk);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, (m) => {
        pending.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result);
      });
      sock.send(JSON.stringify({ id, method, params }));
    });
  return {
    async memory() {
      // Twice: the first pass runs finalizers whose objects the second one frees.
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      const r = await send('Runtime.evaluate', {
        expression: `(() => {
          const h = process.getBuiltinModule('v8').getHeapStatistics();
          return JSON.stringify({ ...process.memoryUsage(), v8Malloced: h.malloced_memory,
            contexts: h.number_of_native_contexts + h.number_of_detached_contexts });
        })()`,
        returnByValue: true,
      });
      return JSON.parse(r.result.value);
    },
    async snapshot(file) {
      chunks.length = 0;
      await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      writeFileSync(file, chunks.join(''));
      chunks.length = 0;
    },
    close: () => sock.close(),
  };
}

const model = await call('generateModel', { preset: 'tiny', sparsity: 0.8, precision: 'fp32' });
const samples = [sample()];
const idle = [];
const outDir = path.join(root, 'test-output/soak', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(outDir, { recursive: true });
let snapped = false;
const timer = setInterval(() => samples.push(sample()), 10_000);
const until = Date.now() + minutes * 60_000;
let sweeps = 0;
let profiles = 0;
while (Date.now() < until) {
  const run = await call('startSweep', {
    version: 1,
    name: `soak ${sweeps}`,
    variants: [{ label: 'm', model: model.path, overrides: { sparse_rate: 0.5 } }],
    engines,
    streams: [1],
    threads: [1, 2],
    seq: [16],
    batch: [1],
    niter: 20,
    warmup: 1,
  });
  await finished(run.id);
  sweeps++;
  await call('deleteRun', run.id); // keep the workspace bounded: growth must come from the host
  const jobId = `soak-profile-${profiles}`;
  const profile = await call('profile', {
    model: { id: model.id },
    engine: engines.at(-1),
    seq: 16,
    niter: 10,
    jobId,
  });
  await call('deleteProfile', profile.id);
  profiles++;
  await new Promise((r) => setTimeout(r, 500)); // let the last workers exit
  idle.push(await idleSample());
  if (diagnose && (idle.length === 3 || (!snapped && Date.now() > until - minutes * 30_000))) {
    const file = path.join(outDir, `heap-${idle.length}.heapsnapshot`);
    await inspector.snapshot(file);
    console.log(`soak: heap snapshot after iteration ${idle.length}: ${file}`);
    snapped = idle.length > 3;
  }
}
clearInterval(timer);
samples.push(sample());
if (diagnose) {
  const file = path.join(outDir, `heap-${idle.length}.heapsnapshot`);
  await inspector.snapshot(file);
  console.log(`soak: heap snapshot after iteration ${idle.length}: ${file}`);
}
inspector.close();
writeFileSync(path.join(outDir, 'samples.json'), JSON.stringify({ samples, idle }, null, 1));
console.log(`soak: samples in ${path.join(outDir, 'samples.json')}`);
ws.close();
stopping = true;
serve.kill('SIGTERM');
await new Promise((r) => serve.once('exit', r));
rmSync(home, { recursive: true, force: true });

/** Least-squares slope of y over t, per hour. */
function slopePerHour(points, key) {
  const n = points.length;
  const tx = points.map((p) => (p.t - points[0].t) / 3_600_000);
  const mx = tx.reduce((a, b) => a + b, 0) / n;
  const my = points.reduce((a, p) => a + p[key], 0) / n;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    num += (tx[i] - mx) * (p[key] - my);
    den += (tx[i] - mx) ** 2;
  });
  return den ? num / den : 0;
}
const steady = samples.slice(Math.floor(samples.length / 2));
const steadyIdle = idle.slice(Math.floor(idle.length / 2));
const rssSlope = slopePerHour(steadyIdle, 'rssMb');
const fdSlope = slopePerHour(steadyIdle, 'fds');
console.log(
  `soak: ${minutes} min, ${sweeps} sweeps, ${profiles} profiles through the web host, ${samples.length} samples`,
);
const fmt = (list, key, digits) =>
  `${list[0][key].toFixed(digits)} → ${list.at(-1)[key].toFixed(digits)} (max ${Math.max(...list.map((s) => s[key])).toFixed(digits)})`;
console.log(
  `every 10 s: RSS ${fmt(samples, 'rssMb', 0)} MB, second-half trend ${slopePerHour(steady, 'rssMb').toFixed(1)} MB/h; descriptors ${fmt(samples, 'fds', 0)}, trend ${slopePerHour(steady, 'fds').toFixed(1)}/h`,
);
console.log(
  `idle, between iterations (${idle.length}): RSS ${fmt(idle, 'rssMb', 0)} MB, second-half trend ${rssSlope.toFixed(1)} MB/h; descriptors ${fmt(idle, 'fds', 0)}, trend ${fdSlope.toFixed(1)}/h`,
);
console.log(
  `idle threads ${fmt(idle, 'threads', 0)}, trend ${slopePerHour(steadyIdle, 'threads').toFixed(1)}/h`,
);
for (const key of ['rssAfterGcMb', 'heapUsedMb', 'externalMb', 'arrayBuffersMb', 'v8MallocMb'])
  console.log(
    `idle after full GC, ${key}: ${fmt(idle, key, 1)}, second-half trend ${slopePerHour(steadyIdle, key).toFixed(2)}/h`,
  );
console.log(`idle V8 contexts: ${fmt(idle, 'contexts', 0)}`);
const mean = (key) => steadyIdle.reduce((a, s) => a + s[key], 0) / steadyIdle.length;
const verdicts = [
  ['JS heap after GC', slopePerHour(steadyIdle, 'heapUsedMb'), 0.1 * mean('heapUsedMb'), 'MB/h'],
  ['RSS after GC', slopePerHour(steadyIdle, 'rssAfterGcMb'), 0.1 * mean('rssAfterGcMb'), 'MB/h'],
  ['descriptors', fdSlope, 5, '/h'],
  ['threads', slopePerHour(steadyIdle, 'threads'), 1, '/h'],
];
for (const [what, slope, limit, unit] of verdicts)
  console.log(
    `check ${what}: ${slope.toFixed(2)} ${unit} (limit ${limit.toFixed(2)}) ${slope > limit ? 'GROWS' : 'ok'}`,
  );
if (check && verdicts.some(([, slope, limit]) => slope > limit)) process.exit(1);
