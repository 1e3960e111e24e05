// Soak (issue 19, not in CI): a `sparsescope serve` kept busy for a long time — sweeps and
// profiles through the web host, one after another — while its RSS and open file
// descriptors are sampled. A host people leave running must not grow without bound: the
// script fits a line through the samples of the second half (after warm-up) and prints the
// slope per hour next to the first and last values — for the samples taken every 10 s (at any
// moment of a run: workers, sockets and buffers come and go) and for those taken between
// iterations, when the host is idle (the ones a leak shows in).
// Usage: node test/perf/soak.mjs [--minutes 30] [--check]   (after npm run build)
//   --check exits 1 when RSS grows by more than 10%/h or descriptors by more than 5/h.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const minutes = Number(args[args.indexOf('--minutes') + 1]) || 30;
const check = args.includes('--check');
const home = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-soak-'));

const serve = spawn(
  process.execPath,
  [path.join(root, 'dist/core/bin.js'), 'serve', '--no-open', '--port', '0'],
  {
    env: { ...process.env, SPARSESCOPE_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
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
  return { t: Date.now(), rssMb: rssKb / 1024, fds: readdirSync(`/proc/${serve.pid}/fd`).length };
}

const model = await call('generateModel', { preset: 'tiny', sparsity: 0.8, precision: 'fp32' });
const samples = [sample()];
const idle = [];
const timer = setInterval(() => samples.push(sample()), 10_000);
const until = Date.now() + minutes * 60_000;
let sweeps = 0;
let profiles = 0;
while (Date.now() < until) {
  const run = await call('startSweep', {
    version: 1,
    name: `soak ${sweeps}`,
    variants: [{ label: 'm', model: model.path, overrides: { sparse_rate: 0.5 } }],
    engines: ['ort', 'builtin'],
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
    engine: 'builtin',
    seq: 16,
    niter: 10,
    jobId,
  });
  await call('deleteProfile', profile.id);
  profiles++;
  await new Promise((r) => setTimeout(r, 500)); // let the last workers exit
  idle.push(sample());
}
clearInterval(timer);
samples.push(sample());
ws.close();
serve.kill('SIGTERM');

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
const steadyRss = steadyIdle.reduce((a, s) => a + s.rssMb, 0) / steadyIdle.length;
if (check && (rssSlope > 0.1 * steadyRss || fdSlope > 5)) process.exit(1);
