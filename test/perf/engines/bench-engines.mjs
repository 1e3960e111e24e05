// `npm run bench:engines`: the builtin engine against onnxruntime on generated BERTs, dense
// and 80%/90%-sparse, FP32 and INT8 (QDQ). Every session is loaded once in its own worker
// (one stream); each round then measures, per config and sequence length, ORT's dense model
// before and after every builtin figure, so each ratio compares neighbours in time on this
// shared machine. Ratios are reported as median (min–max) over the rounds, then the builtin's
// thread scaling beside the machine's ceiling for it (two 1 × 1 sessions at once), its
// per-op-type time (node times), and kernel micro-benchmarks against the measured peak of
// their tier. Ratios only: no absolute-time goals.
//
// Options: the usage string below. --quick: seq 64 only, 1 s per figure (a few minutes for
// base). --json: the results as JSON on stdout (tables go to stderr).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { coreLatencyProbe } from './core-latency.mjs';
import { kernelBench } from './kernels.mjs';
import { profileCost } from './profile-cost.mjs';
import { buildLib, loadLib, modelFile, spread } from './lib.mjs';
import {
  breakdownText,
  kernelTable,
  ratioTable,
  scalingTable,
  spreadText,
  throughputTable,
} from './report.mjs';
import { parseOptions } from '../perf-lib.mjs';
import { BenchSession } from './sessions.mjs';

const o = parseOptions(
  'node test/perf/engines/bench-engines.mjs [--preset base] [--seq 16,64,128] [--configs 1x1,1x2] [--time 2] [--rounds 3] [--sparse-rate 0.75] [--tier auto] [--precision fp32,int8-qdq] [--quick] [--no-profile] [--no-kernels] [--kernels-only] [--json] [--out FILE]',
  {
    preset: { type: 'string', default: 'base' },
    seq: { type: 'string' },
    configs: { type: 'string', default: '1x1,1x2' },
    time: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'sparse-rate': { type: 'string', default: '0.75' },
    tier: { type: 'string', default: 'auto' },
    precision: { type: 'string', default: 'fp32,int8-qdq' },
    quick: { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    'no-kernels': { type: 'boolean', default: false },
    'kernels-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
);
const seqs = (o.seq ?? (o.quick ? '64' : '16,64,128')).split(',').map(Number);
const configs = o.configs.split(',').map((c) => Number(c.split('x')[1]));
const figureMs = Number(o.time ?? (o.quick ? 1 : 2)) * 1000;
const rounds = Math.max(3, Number(o.rounds));
const sparseRate = Number(o['sparse-rate']);
const precisions = o.precision.split(',');
const say = (...a) => (o.json ? console.error : console.log)(...a);

await buildLib();
const lib = await loadLib();
const machine = lib.machineInfo();
const vocab = lib.BERT_PRESETS[o.preset].vocab;
say(
  `bench:engines — ${new Date().toISOString()}, ${machine.cpuModel}, ${machine.logicalCores} logical cores, ISA ${machine.isaFlags.join(' ')}, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`,
);
say(`command: node test/perf/engines/bench-engines.mjs ${process.argv.slice(2).join(' ')}`);

const LABEL = { fp32: 'fp32', 'int8-qdq': 'int8' };
const groups = precisions.map((precision) => ({
  precision,
  ort: `ORT dense ${LABEL[precision]}`,
  variants: [0, 0.8, 0.9].map((s) => ({
    sparsity: s,
    label: `builtin ${s ? `${s * 100}%` : 'dense'} ${LABEL[precision]}`,
  })),
}));

const builtinSpec = (g, v, threads) => ({
  engine: 'builtin',
  file: modelFile(lib, o.preset, g.precision, v.sparsity),
  threads,
  sparseRate,
  tier: o.tier,
});
const scaling = configs.includes(1) && configs.includes(2);
const ceilingGroup = groups.find((g) => g.precision === 'fp32') ?? groups[0];
const ceilingOf = ceilingGroup?.variants[2];

const result = {
  version: 1,
  date: new Date().toISOString(),
  machine,
  options: o,
  figures: [],
  ratios: [],
  scaling: [],
  breakdown: [],
  kernels: [],
  notes: {},
};

if (!o['kernels-only']) {
  const sessions = new Map();
  const open = async (key, spec) => {
    say(`loading ${key} …`);
    const s = await BenchSession.open({ ...spec, label: key, vocab });
    sessions.set(key, s);
    result.notes[key] = s.notes;
  };
  for (const g of groups) {
    const dense = modelFile(lib, o.preset, g.precision, 0);
    for (const t of configs) {
      await open(`${g.ort} 1x${t}`, { engine: 'ort', file: dense, threads: t });
      for (const v of g.variants) await open(`${v.label} 1x${t}`, builtinSpec(g, v, t));
    }
  }
  // The machine's ceiling for thread scaling: a second 1 × 1 session of the scaled builtin
  // model, run at the same time as the first (two streams of perfectly parallel work).
  const twin = scaling ? `${ceilingOf.label} 1x1 twin` : null;
  if (twin) await open(twin, builtinSpec(ceilingGroup, ceilingOf, 1));
  const figs = new Map();
  const record = (label, column, fps) => {
    const key = `${label}|${column}`;
    if (!figs.has(key)) figs.set(key, { label, column, samples: [] });
    figs.get(key).samples.push(fps);
  };
  const ratioSamples = new Map();
  const ratio = (name, column, value, target) => {
    const key = `${name}|${column}`;
    if (!ratioSamples.has(key)) ratioSamples.set(key, { name, column, target, samples: [] });
    ratioSamples.get(key).samples.push(value);
  };
  const scaleSeq = seqs.includes(64) ? 64 : seqs[0];
  const scaleSamples = new Map();
  const ceilingSamples = [];
  // The core-to-core round trip just before each 1 × 2 figure (see core-latency.mjs).
  const probe = scaling ? coreLatencyProbe() : null;
  const roundTrips = new Map();
  const probed = (label, middle) => async () => {
    roundTrips.set(label, [...(roundTrips.get(label) ?? []), probe.roundTripNs()]);
    return middle();
  };
  for (let r = 1; r <= rounds; r++) {
    say(`round ${r}/${rounds}`);
    for (const t of configs)
      for (const seq of seqs) {
        const column = `1×${t} seq ${seq}`;
        for (const g of groups) {
          const ort = sessions.get(`${g.ort} 1x${t}`);
          let before = (await ort.measure(seq, figureMs)).fps;
          record(g.ort, column, before);
          for (const v of g.variants) {
            const b = (await sessions.get(`${v.label} 1x${t}`).measure(seq, figureMs)).fps;
            const after = (await ort.measure(seq, figureMs)).fps;
            record(v.label, column, b);
            record(g.ort, column, after);
            ratio(`${v.label} / ${g.ort}`, column, b / ((before + after) / 2), target(v, g, seq));
            before = after;
          }
        }
      }
    if (scaling) {
      // Throughput of `middle` over a 1 × 1 session's, measured before and after it.
      const overOne = async (one, middle) => {
        const a = (await one.measure(scaleSeq, figureMs)).fps;
        const b = await middle();
        const c = (await one.measure(scaleSeq, figureMs)).fps;
        return b / ((a + c) / 2);
      };
      for (const label of [
        ...groups.map((g) => g.ort),
        ...groups.map((g) => g.variants[2].label),
      ]) {
        const two = sessions.get(`${label} 1x2`);
        const s = scaleSamples.get(label) ?? [];
        s.push(
          await overOne(
            sessions.get(`${label} 1x1`),
            probed(label, async () => (await two.measure(scaleSeq, figureMs)).fps),
          ),
        );
        scaleSamples.set(label, s);
      }
      const one = sessions.get(`${ceilingOf.label} 1x1`);
      const both = [one, sessions.get(twin)];
      ceilingSamples.push(
        await overOne(
          one,
          probed('ceiling', async () =>
            (await Promise.all(both.map((x) => x.measure(scaleSeq, figureMs)))).reduce(
              (t, r) => t + r.fps,
              0,
            ),
          ),
        ),
      );
    }
  }
  for (const s of sessions.values()) await s.close();
  await probe?.close();
  result.figures = [...figs.values()].map((f) => ({ ...f, fps: spread(f.samples) }));
  result.ratios = [...ratioSamples.values()].map((r) => ({ ...r, spread: spread(r.samples) }));
  result.scaling = [...scaleSamples].map(([label, samples]) => ({
    label,
    seq: scaleSeq,
    samples,
    spread: spread(samples),
    roundTripNs: roundTrips.get(label),
    target: label.startsWith('builtin') && label.includes('fp32') ? 1.7 : null,
  }));
  if (ceilingSamples.length)
    result.scaling.push({
      label: `two 1 × 1 ${ceilingOf.label} at once / one alone (the machine's ceiling)`,
      seq: scaleSeq,
      samples: ceilingSamples,
      spread: spread(ceilingSamples),
      roundTripNs: roundTrips.get('ceiling'),
      target: null,
    });
  const columns = configs.flatMap((t) => seqs.map((s) => `1×${t} seq ${s}`));
  say('\n' + ratioTable(result.ratios, columns));
  say('\n' + throughputTable(result.figures, columns));
  if (result.scaling.length) say('\n' + scalingTable(result.scaling));
  const cost = groups[0]?.variants[2];
  if (cost) {
    const file = modelFile(lib, o.preset, groups[0].precision, cost.sparsity);
    const seq = scaleSeq;
    const pairs = o.quick ? 20 : 40;
    result.profileCost = {
      label: cost.label,
      ...(await profileCost(lib, file, { seq, pairs, sparseRate, tier: o.tier, vocab })),
    };
    say(
      `\nprofiling on / off speed, ${cost.label} 1×1 seq ${seq}, ${pairs} alternating pairs: ${spreadText(result.profileCost.spread)} (≤ 5% cost: ≥ 0.95)`,
    );
  }
  const tierNote = Object.values(result.notes)
    .flat()
    .find((n) => n.startsWith('kernels:'));
  say(
    `\nbuiltin ${tierNote ?? ''}; sparseRate ${sparseRate}; ${rounds} rounds, ${figureMs / 1000} s per figure`,
  );

  if (!o['no-profile']) {
    say('\nper-op-type time of the builtin (node times, 1 thread, 10 runs per seq):');
    for (const g of groups)
      for (const v of g.variants) {
        const s = await BenchSession.open({
          ...builtinSpec(g, v, 1),
          profile: true,
          label: `${v.label} (profiled)`,
          vocab,
        });
        for (const seq of seqs) {
          const p = await s.profile(seq, 10);
          const byOp = new Map();
          for (const n of p.nodes) {
            const e = byOp.get(n.opType) ?? { opType: n.opType, ms: 0, kernels: new Set() };
            e.ms += n.ms;
            e.kernels.add(`${n.kernel.impl} ${n.kernel.precision} ${n.kernel.tier}`);
            byOp.set(n.opType, e);
          }
          const sorted = [...byOp.values()]
            .sort((a, b) => b.ms - a.ms)
            .map((e) => ({ ...e, kernels: [...e.kernels] }));
          const latency = spread(p.latencies).median;
          result.breakdown.push({ label: v.label, seq, byOp: sorted, latencyMs: latency });
        }
        await s.close();
      }
    say(breakdownText(result.breakdown));
  }
}

if (!o['no-kernels']) {
  say(
    '\nkernel micro-benchmarks (1 thread; median of 7 windows, alternating with the peak probe):',
  );
  result.kernels = kernelBench(lib, o.quick);
  say(kernelTable(result.kernels));
}

if (o.json) console.log(JSON.stringify(result, null, 2));
if (o.out) writeFileSync(o.out, JSON.stringify(result, null, 2) + '\n');

/** The issue's target for a ratio, or null. */
function target(v, g, seq) {
  if (g.precision === 'fp32') return v.sparsity === 0.8 ? 1.5 : v.sparsity === 0.9 ? 3 : 0.5;
  return v.sparsity === 0.9 && seq <= 64 ? 1.5 : null;
}
