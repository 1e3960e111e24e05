// Latency of the builtin engine vs onnxruntime on generated BERT models, 1 thread, same
// process, same feeds. Reports ratios (ORT measured in the same run), never asserts times.
// Usage: node test/perf/builtin-vs-ort.mjs [--preset mini] [--seq 64] [--iters 20] [--threads 1]
//        [--precision fp32|int8-qdq|int8-dynamic] [--profile]
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'mini' },
    seq: { type: 'string', default: '64' },
    iters: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
    precision: { type: 'string', default: 'fp32' },
    threads: { type: 'string', default: '1' },
  },
});

// Bundle the TypeScript sources once into a temp module (the perf script runs from source).
const tmp = mkdtempSync(path.join(os.tmpdir(), 'builtin-perf-'));
const entry = path.join(tmp, 'entry.ts');
writeFileSync(
  entry,
  [
    `export { builtinEngine } from ${JSON.stringify(path.join(root, 'core/engines/builtin/builtin-engine'))};`,
    `export { ortEngine } from ${JSON.stringify(path.join(root, 'core/engines/ort/ort-engine'))};`,
    `export { generateBert } from ${JSON.stringify(path.join(root, 'core/model/generate/bert'))};`,
    `export { BERT_PRESETS } from ${JSON.stringify(path.join(root, 'core/model/generate/bert-options'))};`,
    `export { writeOnnx } from ${JSON.stringify(path.join(root, 'core/model/onnx/onnx-writer'))};`,
    `export { makeFeeds } from ${JSON.stringify(path.join(root, 'core/bench/inputs'))};`,
  ].join('\n'),
);
const bundle = path.join(root, 'dist/perf/builtin-perf.mjs');
await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  packages: 'external',
  logLevel: 'warning',
});
const { buildWasm } = await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href);
buildWasm();
const m = await import(pathToFileURL(bundle).href);

const seq = Number(values.seq);
const iters = Number(values.iters);
const threads = Number(values.threads);
/** Median wall ms and median process CPU ms per run (CPU time is steadier on a busy machine). */
async function time(session, feeds) {
  for (let i = 0; i < 3; i++) await session.run(feeds);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < iters; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await session.run(feeds);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: med(wall), cpu: med(cpu) };
}
const fmt = (t) => `${t.wall.toFixed(2)} ms (cpu ${t.cpu.toFixed(2)})`;

console.log(
  `preset ${values.preset}, ${values.precision}, batch 1, seq ${seq}, ${threads} thread(s), median of ${iters} runs`,
);
for (const sparsity of [0, 0.9]) {
  const g = m.generateBert({
    ...m.BERT_PRESETS[values.preset],
    precision: values.precision,
    sparsity,
    seed: 1,
  });
  const file = path.join(tmp, `model-${sparsity}.onnx`);
  writeFileSync(file, m.writeOnnx(g));
  const feeds = m.makeFeeds(
    { inputs: g.graph.inputs, vocabSize: m.BERT_PRESETS[values.preset].vocab },
    { batch: 1, seq, seed: 1 },
  );
  const ort = await m.ortEngine.load(file, { threads });
  const ortMs = await time(ort, feeds);
  await ort.close();
  const row = [`sparsity ${sparsity}: ort ${fmt(ortMs)}`];
  for (const rate of [null, 0.5]) {
    const s = await m.builtinEngine.load(file, {
      threads,
      sparseRate: rate,
      profile: values.profile,
    });
    const ms = await time(s, feeds);
    row.push(
      `builtin(sparseRate ${rate ?? 'off'}) ${fmt(ms)} = ${(ortMs.wall / ms.wall).toFixed(2)}× ORT speed (cpu ${(ortMs.cpu / ms.cpu).toFixed(2)}×)`,
    );
    if (values.profile) {
      const byOp = new Map();
      for (const n of s.nodeTimes()) byOp.set(n.opType, (byOp.get(n.opType) ?? 0) + n.ms);
      console.log(
        `  profile (rate ${rate}): ` +
          [...byOp]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(', '),
      );
      console.log(
        `  slowest nodes: ` +
          s
            .nodeTimes()
            .slice(0, 6)
            .map((n) => `${n.node} ${n.ms.toFixed(2)}`)
            .join(', '),
      );
    }
    await s.close();
  }
  console.log(row.join('\n  '));
}
