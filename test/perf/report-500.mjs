// Perf: a report of a 504-cell sweep in every format (issue goal: ≤ 5 s for the report).
//   Measures the sweep first, the way test/e2e/render-500.e2e.ts does (tiny dense and 90%
//   sparse models, ORT and the builtin, streams {1,2} × threads {1,2}, 21 sequence lengths,
//   batch {1,2}, 2 iterations per cell: real measurements, a realistic amount of data), then
//   times `sparsescope report` end to end — process start, reading, model facts, rendering,
//   writing — per format, as people run it.
// Usage: node test/perf/report-500.mjs [--sweep DIR] [--rounds N] [--check]
//   --sweep reuses a sweep folder measured before (e.g. by an earlier run of this script,
//   which prints where it put it). --check exits 1 when the HTML report's median exceeds 5 s.
//   PDF (headless Chromium) is timed too where /usr/bin/chromium exists; it is not in the goal.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(value('--rounds') ?? 3);
const check = args.includes('--check');

const { buildCore, buildWasm } = await import(
  pathToFileURL(path.join(root, 'scripts/build.mjs')).href
);
await buildCore();
if (!existsSync(path.join(root, 'dist/wasm'))) buildWasm();
const bin = path.join(root, 'dist/core/bin.js');

function cli(...argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`sparsescope ${argv.join(' ')} failed:\n${r.stderr}`);
  return ms;
}

let sweep = value('--sweep');
const work = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-report-500-'));
if (!sweep) {
  const models = path.join(work, 'models');
  mkdirSync(models);
  cli('make-model', '--preset', 'tiny', '-o', path.join(models, 'dense.onnx'));
  cli(
    'make-model',
    '--preset',
    'tiny',
    '--sparsity',
    '0.9',
    '-o',
    path.join(models, 'sparse.onnx'),
  );
  const config = path.join(work, 'sweep-500.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      name: 'report 500',
      variants: [
        { label: 'dense', model: path.join(models, 'dense.onnx') },
        {
          label: 'sparse90',
          model: path.join(models, 'sparse.onnx'),
          overrides: { sparse_rate: 0.5 },
        },
      ],
      engines: ['ort', 'builtin'],
      streams: [1, 2],
      threads: [1, 2],
      seq: Array.from({ length: 21 }, (_, i) => 4 * (i + 1)),
      batch: [1, 2],
      niter: 2,
      warmup: 0,
      repeats: 1,
    }),
  );
  sweep = path.join(work, 'sweep');
  console.log('report-500: measuring the 504-cell sweep (minutes on a shared 2-core machine) …');
  const ms = cli('sweep', '-c', config, '-o', sweep);
  console.log(`report-500: sweep measured in ${(ms / 1000).toFixed(1)} s → ${sweep}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const targets = { html: 'report.html', json: 'report.json', csv: 'tables.zip', md: 'report.md' };
if (existsSync(process.env.SPARSESCOPE_CHROMIUM ?? '/usr/bin/chromium')) targets.pdf = 'report.pdf';
const figures = {};
for (const [format, file] of Object.entries(targets)) {
  const out = path.join(work, file);
  const times = [];
  for (let i = 0; i < rounds; i++) times.push(cli('report', sweep, '--format', format, '-o', out));
  figures[format] = median(times);
  console.log(
    `report-500: ${format.padEnd(4)} median ${(figures[format] / 1000).toFixed(2)} s over ${rounds} run(s) (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)}), ${(statSync(out).size / 1024).toFixed(0)} KiB`,
  );
}
console.log(
  `report-500: load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; goal ≤ 5 s (HTML, JSON, CSV, Markdown)`,
);
if (check && figures.html > 5000) {
  console.error(`report-500: the HTML report took ${(figures.html / 1000).toFixed(2)} s, over 5 s`);
  process.exit(1);
}
