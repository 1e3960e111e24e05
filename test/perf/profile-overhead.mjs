// Perf: what per-node profiling costs the builtin engine's throughput (issue goal: ≤ 5 %), with
// ONNX Runtime's own profiler cost measured in the same run for comparison.
//   Two sessions of the same model in this process, one loaded with profile: true (every step
//   timed on the monotonic clock, endProfiling() called after each round as the profile worker
//   does), one without. Rounds interleave them and alternate which goes first (AB, BA, …) so
//   the machine's drift hits both; the figure is the median of the per-round throughput
//   ratios (profiled / plain), printed with their min and max.
// Usage: node test/perf/profile-overhead.mjs [MODEL.onnx] [--time S] [--rounds N] [--seq N] [--check]
//   No model given: generates `make-model --preset mini` (cached in the OS tmp folder).
//   --check exits 1 when the builtin ratio's median is below 0.95. The load average is printed:
//   on a shared 2-core machine only the median of many short rounds resolves a few per cent.
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleSources, miniModel, root } from './perf-lib.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const timeS = flag('--time', 1);
const rounds = flag('--rounds', 15);
const seq = flag('--seq', 64);
const check = args.includes('--check');
const positional = args.filter(
  (a, i) => !a.startsWith('--') && !['--time', '--rounds', '--seq'].includes(args[i - 1]),
);

const { buildCore } = await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href);
await buildCore();
const { lib } = await bundleSources('profile-overhead-lib', [
  "export { createEngine } from './core/engines/create-engine';",
  "export { loadModelFacts } from './core/bench/model-facts';",
  "export { makeFeeds } from './core/model/feeds';",
]);
const { createEngine, loadModelFacts, makeFeeds } = lib;

const model = positional[0] ?? miniModel();

const facts = await loadModelFacts(model);
const feeds = makeFeeds(facts, { batch: 1, seq, seed: 0 });

/** Iterations per second of one session for timeS, after one warm-up run. */
async function rate(session, profiled) {
  await session.run(feeds);
  const start = performance.now();
  const end = start + timeS * 1000;
  let count = 0;
  while (performance.now() < end) {
    await session.run(feeds);
    count++;
  }
  // The profile worker reads the node times once per profile; a round stands for one.
  if (profiled) await session.endProfiling();
  return (count * 1000) / (performance.now() - start);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(engineId) {
  const engine = createEngine(engineId);
  const plain = await engine.load(model, { threads: 1 });
  const profiled = await engine.load(model, { threads: 1, profile: true });
  const ratios = [];
  const fps = { plain: [], profiled: [] };
  for (let r = 0; r < rounds; r++) {
    let a;
    let b;
    if (r % 2 === 0) {
      a = await rate(plain, false);
      b = await rate(profiled, engineId !== 'ort');
    } else {
      b = await rate(profiled, engineId !== 'ort');
      a = await rate(plain, false);
    }
    fps.plain.push(a);
    fps.profiled.push(b);
    ratios.push(b / a);
  }
  await plain.close();
  if (engineId === 'ort') await profiled.endProfiling();
  await profiled.close();
  return {
    engine: engineId,
    ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    plainFps: median(fps.plain),
    profiledFps: median(fps.profiled),
  };
}

console.log(
  `profile overhead: ${path.basename(model)}, seq ${seq}, 1 thread, ${rounds} interleaved rounds of ${timeS} s; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const results = [];
for (const engineId of ['builtin', 'ort']) {
  const r = await measure(engineId);
  results.push(r);
  console.log(
    `  ${r.engine.padEnd(8)} profiled/plain throughput ${r.ratio.median.toFixed(3)} (min ${r.ratio.min.toFixed(3)}, max ${r.ratio.max.toFixed(3)}); plain ${r.plainFps.toFixed(1)} it/s, profiled ${r.profiledFps.toFixed(1)} it/s`,
  );
}
console.log(
  `  load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const builtin = results[0];
if (check && builtin.ratio.median < 0.95) {
  console.error(
    `builtin profiling costs ${((1 - builtin.ratio.median) * 100).toFixed(1)} % (goal ≤ 5 %)`,
  );
  process.exit(1);
}
