// Latency of the builtin engine vs onnxruntime on generated BERT models: one process, same
// feeds, one configuration — a quick look; `npm run bench:engines` is the full, interleaved
// comparison. Reports ratios (ORT measured in the same run), never asserts times.
import { bertFeeds, buildLib, loadLib, median, modelFile } from './engines/lib.mjs';
import { parseOptions } from './perf-lib.mjs';

const values = parseOptions(
  'node test/perf/builtin-vs-ort.mjs [--preset mini] [--seq 64] [--iters 20] [--threads 1] [--precision fp32|int8-qdq|int8-dynamic] [--tier auto|wasm|wasm-relaxed|native…] [--profile]',
  {
    preset: { type: 'string', default: 'mini' },
    seq: { type: 'string', default: '64' },
    iters: { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
    precision: { type: 'string', default: 'fp32' },
    threads: { type: 'string', default: '1' },
    tier: { type: 'string', default: 'auto' },
  },
);
await buildLib();
const m = await loadLib();
const seq = Number(values.seq);
const iters = Number(values.iters);
const threads = Number(values.threads);
const feeds = bertFeeds(seq, m.BERT_PRESETS[values.preset].vocab);

/** Median wall ms and median process CPU ms per run (CPU time is steadier on a busy machine). */
async function time(session) {
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
  return { wall: median(wall), cpu: median(cpu) };
}
const fmt = (t) => `${t.wall.toFixed(2)} ms (cpu ${t.cpu.toFixed(2)})`;

console.log(
  `preset ${values.preset}, ${values.precision}, batch 1, seq ${seq}, ${threads} thread(s), median of ${iters} runs`,
);
for (const sparsity of [0, 0.9]) {
  const file = modelFile(m, values.preset, values.precision, sparsity);
  const ort = await m.ortEngine.load(file, { threads });
  const ortMs = await time(ort);
  await ort.close();
  const row = [`sparsity ${sparsity}: ort ${fmt(ortMs)}`];
  for (const rate of [null, 0.5]) {
    const options = { threads, sparseRate: rate, tier: values.tier, profile: values.profile };
    const s = await m.builtinEngine.load(file, options);
    const ms = await time(s);
    row.push(
      `builtin(sparseRate ${rate ?? 'off'}) ${fmt(ms)} = ${(ortMs.wall / ms.wall).toFixed(2)}× ORT speed (cpu ${(ortMs.cpu / ms.cpu).toFixed(2)}×) [${s.notes[0]}]`,
    );
    if (values.profile) {
      const byOp = new Map();
      for (const n of s.nodeTimes()) byOp.set(n.opType, (byOp.get(n.opType) ?? 0) + n.ms);
      const top = [...byOp].sort((a, b) => b[1] - a[1]).slice(0, 8);
      console.log(
        `  profile (rate ${rate}): ${top.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`,
      );
      const slow = s.nodeTimes().slice(0, 6);
      console.log(`  slowest nodes: ${slow.map((n) => `${n.node} ${n.ms.toFixed(2)}`).join(', ')}`);
    }
    await s.close();
  }
  console.log(row.join('\n  '));
}
