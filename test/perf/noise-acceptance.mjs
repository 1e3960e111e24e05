// Perf (issue 18 acceptance): do SparseScope's "within noise" verdicts tell a null effect from
// a real one on this machine? One real sweep, 8 configurations (threads {1, cores} × seq {16,
// 32, 64, 128}) × 3 interleaved repeats, a generated BERT with BERT-base layer dims (2 layers,
// hidden 768, FFN 3072: the MatMuls dominate, as in real models) dense and 80% sparse, on
// ORT and builtin:
//   - ORT dense vs ORT 80%-sparse is a null effect (ORT ignores sparsity): goal ≥ 90% of its
//     speedups within noise;
//   - builtin 80%-sparse over dense is a real effect (≈ 2×; 90% gives ≈ 3×): goal none within
//     noise. (On the mini preset the MatMuls are too small a share for a 2× effect: 1.1–1.8×.)
// It is a benchmark, not a test: verdicts are statistics over a noisy machine (a 95% interval
// wrongly excludes 1.0 about 1 time in 20 even on an idle one), so it prints figures and, with
// --check, exits 1 when a goal is missed.
// Usage: node test/perf/noise-acceptance.mjs [--time S] [--sparsity 0.8] [--no-rerun] [--check]
//   (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist/core/bin.js');
const args = process.argv.slice(2);
const timeS = Number(args[args.indexOf('--time') + 1]) || 1;
const sparsity = args.includes('--sparsity') ? Number(args[args.indexOf('--sparsity') + 1]) : 0.8;
const sparseLabel = `sparse${Math.round(sparsity * 100)}`;
const rerunRounds = args.includes('--no-rerun') ? 0 : 2;
const check = args.includes('--check');
const work = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-noise-acceptance-'));

function cli(argv) {
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', cwd: work });
  if (r.status !== 0 && r.status !== 1) {
    console.error(r.stderr);
    process.exit(2);
  }
  return r.stdout;
}

for (const [file, extra] of [
  ['dense.onnx', []],
  ['sparse.onnx', ['--sparsity', String(sparsity)]],
]) {
  const dims = ['--layers', '2', '--hidden', '768', '--heads', '12', '--intermediate', '3072'];
  cli(['make-model', ...dims, '--vocab', '2000', '-o', path.join(work, file), ...extra]);
}
const cores = os.availableParallelism();
writeFileSync(
  path.join(work, 'sweep.json'),
  JSON.stringify({
    version: 1,
    name: 'noise acceptance',
    variants: [
      { label: 'dense', model: 'dense.onnx' },
      { label: sparseLabel, model: 'sparse.onnx', overrides: { sparse_rate: 0.5 } },
    ],
    engines: ['builtin', 'ort'],
    streams: [1],
    threads: cores > 1 ? [1, cores] : [1],
    seq: [16, 32, 64, 128],
    batch: [1],
    time_s: timeS,
    warmup: 1,
    repeats: 3,
  }),
);
const started = Date.now();
const outDir = path.join(work, 'out');
let out = JSON.parse(cli(['sweep', '-c', path.join(work, 'sweep.json'), '-o', outDir, '--json']));
// As a user would: run the cells measured under load again (with the cells they are paired
// with), at most twice.
const noisyCells = () => out.summary.points.reduce((n, p) => n + p.noisy, 0);
const firstNoisy = noisyCells();
for (let round = 0; round < rerunRounds && noisyCells() > 0; round++) {
  out = JSON.parse(cli(['sweep', '--resume', outDir, '--rerun-noisy', '--json']));
}
const speedups = out.summary.variantSpeedups.filter((s) => s.subject === sparseLabel);
const by = (engine) => speedups.filter((s) => s.key.other === engine);
const fmt = (s) =>
  `  ${s.id}: ${s.speedup.toFixed(3)}× [${s.ci ? `${s.ci.low.toFixed(3)}, ${s.ci.high.toFixed(3)}` : 'unknown'}] ${s.within_noise ? 'within noise' : 'real'}`;
const ort = by('ort');
const builtin = by('builtin');
const ortNoise = ort.filter((s) => s.within_noise).length / Math.max(1, ort.length);
const builtinClaimed = builtin.filter((s) => !s.within_noise).length;
console.log(
  `noise acceptance: ${out.summary.recorded} cells in ${((Date.now() - started) / 1000).toFixed(0)} s, load average ${os.loadavg()[0].toFixed(2)}; ${firstNoisy} cells measured under load, ${noisyCells()} after --rerun-noisy (≤ ${rerunRounds} rounds)`,
);
console.log(
  `ORT ${sparseLabel} over dense (null effect): ${(ortNoise * 100).toFixed(0)}% within noise (goal ≥ 90%)`,
);
for (const s of ort) console.log(fmt(s));
console.log(
  `builtin ${sparseLabel} over dense (real effect): ${builtinClaimed}/${builtin.length} called real (goal all)`,
);
for (const s of builtin) console.log(fmt(s));
if (check && (ortNoise < 0.9 || builtinClaimed < builtin.length)) process.exit(1);
