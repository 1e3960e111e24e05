import { UserError } from '../api/errors';
import { createEngine } from '../engines/create-engine';
import type { Engine, EngineBenchRequest, EngineProfile, MeasuredRun } from '../engines/engine';
import { appVersion } from '../util/paths';
import {
  DEFAULT_SEQ,
  resolveBenchOptions,
  type BenchOptions,
  type ResolvedBenchOptions,
} from './bench-options';
import { makeFeeds } from '../model/feeds';
import { machineInfo } from './machine';
import { loadModelFactsIsolated } from './model-facts';
import { BENCH_RESULT_SCHEMA_VERSION, type BenchResult } from '../api/schemas/bench-result';
import { latencyStats, throughputFps } from './stats';
import { runStreams, type StreamHooks } from './stream-run';

export interface BenchHooks extends StreamHooks {
  /** Per-layer counters and runtime graph, when perfCounters was asked of an engine that has them. */
  onProfile?: (profile: EngineProfile) => void;
}

/**
 * The one run: an engine that measures itself (its own streams and request queue, e.g.
 * OpenVINO) gets the whole run, so its streams are not split again over our workers; every
 * other engine runs on the harness's stream workers.
 */
function measure(
  engine: Engine,
  o: ResolvedBenchOptions,
  feeds: EngineBenchRequest['feeds'],
  hooks: BenchHooks,
): Promise<MeasuredRun> {
  if (!engine.benchmark) return runStreams(o, feeds, hooks);
  const request: EngineBenchRequest = {
    modelPath: o.modelPath,
    streams: o.streams,
    threads: o.threads,
    nireq: o.nireq,
    api: o.api,
    feeds,
    timeS: o.timeS,
    niter: o.niter,
    warmup: o.warmup,
    sparseRate: o.sparseRate,
    hint: o.hint,
    properties: o.deviceProperties,
    dataShape: o.dataShape,
    perfCounters: o.perfCounters,
    execGraphPath: o.execGraphPath,
    isaFlags: machineInfo().isaFlags,
    timeoutMs: o.timeoutMs,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
  };
  return engine.benchmark(request);
}

/**
 * Run one benchmark: `streams` fresh worker threads, each loading its own session, warmed up,
 * then released together into the measured phase. Rejects with a UserError on bad options, a
 * crashed or failing worker, the overall timeout or an abort; it settles only once every
 * stream has stopped, so the next run never shares the cores with this one. An engine that
 * measures itself (openvino) runs the whole benchmark in its own process instead (measure()).
 */
export async function runBenchmark(
  options: BenchOptions,
  hooks: BenchHooks = {},
): Promise<BenchResult> {
  const o = resolveBenchOptions(options);
  const engine = createEngine(o.engine);
  const facts = await loadModelFactsIsolated(o.modelPath);
  const seq = o.seq ?? Math.min(DEFAULT_SEQ, facts.maxPositions ?? DEFAULT_SEQ);
  // Symbolic dims that neither batch, seq nor --shape sized get a default, said in the result.
  const notes: string[] = [];
  const feeds = makeFeeds(facts, {
    batch: o.batch,
    seq,
    shapes: o.shapes ?? undefined,
    ...(o.dims ? { dims: o.dims } : {}),
    seed: o.seed,
    notes,
  });
  if (facts.maxPositions !== null) {
    for (const [name, t] of Object.entries(feeds)) {
      const len = t.dims.length >= 2 && t.dtype.startsWith('int') ? t.dims[1]! : 0;
      if (len > facts.maxPositions) {
        throw new UserError(
          'BadInput',
          `Sequence length ${len} of input ${name} exceeds the model's ${facts.maxPositions} positions (rows of its position-embedding table).`,
          `Use --seq (or --shape) of at most ${facts.maxPositions}.`,
        );
      }
    }
  } else {
    notes.push('position-embedding table not found: sequence length not checked against the model');
  }
  if (facts.vocabSize === null && facts.inputs.some((i) => /input_ids/i.test(i.name))) {
    notes.push('vocabulary size not found: token ids are all 0');
  }
  if (o.api === 'async' && o.nireq > o.streams && !engine.benchmark) {
    notes.push(
      `nireq ${o.nireq} > streams ${o.streams}: a stream serves its requests one after another`,
    );
  }
  if (o.api === 'sync' && o.nireq !== 1 && options.nireq !== undefined) {
    notes.push('api sync keeps one request in flight: nireq is ignored');
  }
  const run = await measure(engine, o, feeds, hooks);
  if (run.profile) hooks.onProfile?.(run.profile);
  for (const n of run.notes) if (!notes.includes(n)) notes.push(n);
  if (run.load?.noisy) {
    notes.push(
      `measured while other processes used ${Math.round(run.load.other_cpu_fraction! * 100)}% of the CPUs: the figures may be skewed`,
    );
  }

  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(feeds)) shapes[name] = t.dims;
  const allExplicit =
    o.shapes !== null && facts.inputs.every((i) => o.shapes![i.name] || o.shapes!['*']);
  return {
    schema_version: BENCH_RESULT_SCHEMA_VERSION,
    source: 'sparsescope',
    engine: engine.id,
    engine_version: run.engineVersion,
    sparsescope_version: appVersion(),
    model: { path: o.modelPath, sha256: facts.sha256, variant: o.variant },
    config: {
      streams: o.streams,
      threads: o.threads,
      nireq: o.api === 'sync' ? 1 : o.nireq,
      api: o.api,
      batch: o.batch,
      seq: allExplicit ? null : seq,
      shapes,
      sparse_rate: o.sparseRate,
      time_s: o.timeS,
      niter: o.niter,
      warmup: o.warmup,
    },
    count: run.count,
    duration_ms: run.durationMs,
    throughput_fps: throughputFps(run.count, o.batch, run.durationMs),
    latency_ms: latencyStats(run.latencies),
    first_inference_ms: run.firstMs,
    load_ms: run.loadMs,
    peak_rss_mb: run.peakRssBytes / 2 ** 20,
    machine: machineInfo(),
    timestamp: new Date().toISOString(),
    notes,
    ...(run.details ? { engine_details: run.details } : {}),
    ...(run.load ? { load: run.load } : {}),
  };
}
