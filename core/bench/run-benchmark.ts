import { UserError } from '../api/errors';
import { createEngine } from '../engines/create-engine';
import { appVersion } from '../util/paths';
import { DEFAULT_SEQ, resolveBenchOptions, type BenchOptions } from './bench-options';
import { makeFeeds } from '../model/feeds';
import { machineInfo } from './machine';
import { loadModelFactsIsolated } from './model-facts';
import { BENCH_RESULT_SCHEMA_VERSION, type BenchResult } from '../api/schemas/bench-result';
import { latencyStats, throughputFps } from './stats';
import { runStreams, type StreamHooks } from './stream-run';

export type BenchHooks = StreamHooks;

/**
 * Run one benchmark: `streams` fresh worker threads, each loading its own session, warmed up,
 * then released together into the measured phase. Rejects with a UserError on bad options, a
 * crashed or failing worker, the overall timeout or an abort; it settles only once every
 * stream has stopped, so the next run never shares the cores with this one.
 */
export async function runBenchmark(
  options: BenchOptions,
  hooks: BenchHooks = {},
): Promise<BenchResult> {
  const o = resolveBenchOptions(options);
  const engine = createEngine(o.engine);
  const facts = await loadModelFactsIsolated(o.modelPath);
  const seq = o.seq ?? Math.min(DEFAULT_SEQ, facts.maxPositions ?? DEFAULT_SEQ);
  const feeds = makeFeeds(facts, {
    batch: o.batch,
    seq,
    shapes: o.shapes ?? undefined,
    seed: o.seed,
  });
  const notes: string[] = [];
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
  if (o.api === 'async' && o.nireq > o.streams) {
    notes.push(
      `nireq ${o.nireq} > streams ${o.streams}: a stream serves its requests one after another`,
    );
  }
  if (o.api === 'sync' && o.nireq !== 1 && options.nireq !== undefined) {
    notes.push('api sync keeps one request in flight: nireq is ignored');
  }
  const run = await runStreams(o, feeds, hooks);
  for (const n of run.notes) if (!notes.includes(n)) notes.push(n);

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
  };
}
