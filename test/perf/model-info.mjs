// Perf: wall time and peak RSS of `sparsescope info` on a base-size model (~440 MB FP32),
// with ONNX Runtime's session creation on the same file, same run, as the reference.
// Usage: node test/perf/model-info.mjs [MODEL.onnx] [--runs N] [--check]
//   No model given: generates one with `sparsescope make-model --preset base` (cached in tmp).
//   --check exits 1 when a goal is missed (info ≤ 3 s, peak RSS ≤ 1.5 × file size).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');

const work = path.join(os.tmpdir(), 'sparsescope-perf');
mkdirSync(work, { recursive: true });

function run(argv, env = {}) {
  const r = spawnSync(process.execPath, argv, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) {
    console.error(`failed: node ${argv.join(' ')}\n${r.stderr}`);
    process.exit(2);
  }
  return r;
}

// Build the bundle once up front so no run pays for it.
run(['bin/sparsescope.mjs', '--version']);

let model = positional[0];
if (!model) {
  model = path.join(work, 'base.onnx');
  if (!existsSync(model)) {
    console.log('generating base model (make-model --preset base) …');
    run(['bin/sparsescope.mjs', 'make-model', '--preset', 'base', '-o', model]);
  }
}
const fileBytes = statSync(model).size;

// Peak RSS comes from the child itself: a preload records resourceUsage().maxRSS at exit.
const preload = path.join(work, 'max-rss.mjs');
writeFileSync(
  preload,
  "import { writeFileSync } from 'node:fs';\n" +
    "process.on('exit', () => writeFileSync(process.env.SPARSESCOPE_RSS_FILE, String(process.resourceUsage().maxRSS * 1024)));\n",
);
const rssFile = path.join(work, 'rss.txt');

function measure(argv) {
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = run(['--import', preload, ...argv], { SPARSESCOPE_RSS_FILE: rssFile });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, rss: Number(readFileSync(rssFile, 'utf8')), stdout: r.stdout };
}

const ortScript = path.join(work, 'ort-load.mjs');
writeFileSync(
  ortScript,
  "import { createRequire } from 'node:module';\n" +
    `const require = createRequire(${JSON.stringify(path.join(root, 'package.json'))});\n` +
    "const ort = require('onnxruntime-node');\n" +
    'const s = await ort.InferenceSession.create(process.argv[2]);\n' +
    'await s.release();\n',
);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const info = [];
const ortLoad = [];
let summary;
for (let i = 0; i < runs; i++) {
  const m = measure(['dist/core/bin.js', 'info', '-m', model, '--json']);
  summary ??= JSON.parse(m.stdout);
  info.push(m);
  ortLoad.push(measure([ortScript, model]));
}

const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const infoTime = median(info.map((m) => m.seconds));
const infoRss = Math.max(...info.map((m) => m.rss));
const ortTime = median(ortLoad.map((m) => m.seconds));
const ortRss = Math.max(...ortLoad.map((m) => m.rss));
console.log(
  `model          ${model} (${mb(fileBytes)}, ${(summary.parameters.count / 1e6).toFixed(1)} M params, ${summary.nodeCount} nodes)`,
);
console.log(
  `machine        ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}`,
);
console.log(
  `info           median ${infoTime.toFixed(2)} s over ${runs} runs, peak RSS ${mb(infoRss)} (${(infoRss / fileBytes).toFixed(2)} × file)`,
);
console.log(
  `ORT load       median ${ortTime.toFixed(2)} s, peak RSS ${mb(ortRss)} (${(ortRss / fileBytes).toFixed(2)} × file)`,
);
console.log(
  `ratio          info / ORT session create: time ${(infoTime / ortTime).toFixed(2)}, RSS ${(infoRss / ortRss).toFixed(2)}`,
);
console.log(
  `FLOPs @seq128  ${(summary.flops.total / 1e9).toFixed(2)} G (linear ${(summary.flops.linear / 1e9).toFixed(2)} G, attention ${(summary.flops.attention / 1e9).toFixed(2)} G)`,
);
const timeOk = infoTime <= 3;
const rssOk = infoRss <= 1.5 * fileBytes;
console.log(
  `goals          time ≤ 3 s: ${timeOk ? 'met' : 'MISSED'}; peak RSS ≤ 1.5 × file: ${rssOk ? 'met' : 'MISSED'}`,
);
if (check && !(timeOk && rssOk)) process.exit(1);
