import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { BugError, fromErrorData, UserError } from '../api/errors';
import type { EngineId, GraphOptimizationLevel } from '../api/names';
import type { MachinePeaks, ProfileFile, Timeline } from '../api/schemas/profile';
import { DEFAULT_SEQ } from '../bench/bench-options';
import { machineInfo } from '../bench/machine';
import { loadModelFactsIsolated } from '../bench/model-facts';
import { engineWorkerSeed } from '../engines/create-engine';
import type { NodeTiming } from '../engines/engine';
import { makeFeeds } from '../model/feeds';
import { openModelFile } from '../model/registry';
import type { ShapeSpec } from '../model/shape-spec';
import { workerPath } from '../util/paths';
import { buildProfile } from './build-profile';
import { parseOrtProfile } from './importers/ort-json';
import {
  PCTL,
  PCTL_SLOTS,
  type ProfileWorkerData,
  type ProfileWorkerMessage,
} from './profile-protocol';
import type { RawNode, RawProfile } from './raw-profile';

/** One profile run: a model, an engine and a configuration (the CLI's and the API's knobs). */
export interface ProfileRunOptions {
  modelPath: string;
  engine: EngineId;
  /** Streams profiled side by side, each its own worker and session. Default 1. */
  streams?: number;
  /** Threads per stream. Default 1. */
  threads?: number;
  batch?: number;
  /** Sequence length of every [batch, seq] input. Default 128 or the model's positions. */
  seq?: number;
  shapes?: ShapeSpec;
  /** Measured iterations per stream. Default 30. */
  niter?: number;
  /** Warm-up iterations per stream, left out of every figure. Default 2. */
  warmup?: number;
  sparseRate?: number | null;
  variant?: string | null;
  graphOptimizationLevel?: GraphOptimizationLevel;
  seed?: number;
  timeoutMs?: number;
  /** Roofs to store with the profile (peaks-cache.ts); null = none. */
  peaks?: MachinePeaks | null;
  /** Where to keep the runtime graph the profile names (ORT's optimized model); else dropped. */
  artifactsDir?: string;
}

export interface ProfileRunHooks {
  signal?: AbortSignal;
  onProgress?: (fraction: number | null, message: string) => void;
}

export const PROFILE_DEFAULTS = { niter: 30, warmup: 2, threads: 1, streams: 1, batch: 1 };
/** Iterations per stream the timeline shows. */
const TIMELINE_ITERATIONS = 3;

function positiveInt(name: string, v: number | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < min)
    throw new UserError('BadConfig', `${name} must be an integer ≥ ${min}, got ${v}.`);
  return v;
}

type Done = Extract<ProfileWorkerMessage, { type: 'done' }>;
type Ready = Extract<ProfileWorkerMessage, { type: 'ready' }>;

/**
 * Profile a model: `streams` workers each load a session with per-node timing, warm up, start
 * together and run `niter` iterations; their node times and end-to-end latencies become one
 * profile (core/api/schemas/profile.ts). Rejects with UserError on bad options, a failing
 * engine, the timeout or a cancel; settles only after every worker has ended.
 */
export async function runProfile(
  o: ProfileRunOptions,
  hooks: ProfileRunHooks = {},
): Promise<ProfileFile> {
  const streams = positiveInt('streams', o.streams, PROFILE_DEFAULTS.streams);
  const threads = positiveInt('threads', o.threads, PROFILE_DEFAULTS.threads);
  const batch = positiveInt('batch', o.batch, PROFILE_DEFAULTS.batch);
  const niter = positiveInt('niter', o.niter, PROFILE_DEFAULTS.niter);
  const warmup = positiveInt('warmup', o.warmup, PROFILE_DEFAULTS.warmup, 0);
  const sparseRate = o.sparseRate ?? null;
  if (sparseRate !== null && !(sparseRate >= 0 && sparseRate <= 1))
    throw new UserError('BadConfig', `sparse_rate must be between 0 and 1, got ${sparseRate}.`);
  const workerFile = workerPath('profile');
  if (!existsSync(workerFile))
    throw new UserError(
      'NotBuilt',
      `The profile worker bundle ${workerFile} is missing: run \`node scripts/build.mjs core\`.`,
    );
  if (hooks.signal?.aborted) throw cancelled();

  hooks.onProgress?.(0, 'Reading the model');
  const facts = await loadModelFactsIsolated(o.modelPath);
  const seq = positiveInt('seq', o.seq, Math.min(DEFAULT_SEQ, facts.maxPositions ?? DEFAULT_SEQ));
  if (facts.maxPositions !== null && seq > facts.maxPositions)
    throw new UserError(
      'BadInput',
      `Sequence length ${seq} exceeds the model's ${facts.maxPositions} positions (rows of its position-embedding table).`,
    );
  const feeds = makeFeeds(facts, { batch, seq, shapes: o.shapes, seed: o.seed ?? 0 });

  const control = new SharedArrayBuffer(PCTL_SLOTS * 4);
  const ctl = new Int32Array(control);
  const seed = engineWorkerSeed(o.engine);
  const workers = Array.from({ length: streams }, (_, stream) =>
    spawn(workerFile, {
      task: 'profile',
      stream,
      engine: o.engine,
      modelPath: o.modelPath,
      session: {
        threads,
        sparseRate,
        ...(o.graphOptimizationLevel ? { graphOptimizationLevel: o.graphOptimizationLevel } : {}),
      },
      feeds,
      warmup,
      niter,
      control,
      seed,
    }),
  );
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined);
  for (const w of workers) w.failed.catch((err: Error) => failed(err));
  const timer = setTimeout(
    () =>
      failed(
        new UserError(
          'Timeout',
          `The profile did not finish within ${Math.round((o.timeoutMs ?? 0) / 1000)} s.`,
        ),
      ),
    o.timeoutMs ?? 120_000 + niter * streams * 5_000,
  );
  const onAbort = (): void => failed(cancelled());
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  let progress: NodeJS.Timeout | undefined;
  try {
    hooks.onProgress?.(
      null,
      `Loading ${o.engine} and warming up (${warmup} iteration${warmup === 1 ? '' : 's'})`,
    );
    const ready = await Promise.race([Promise.all(workers.map((w) => w.ready)), failure]);
    Atomics.store(ctl, PCTL.GO, 1);
    Atomics.notify(ctl, PCTL.GO);
    const total = niter * streams;
    progress = setInterval(() => {
      const done = Atomics.load(ctl, PCTL.DONE);
      hooks.onProgress?.(done / total, `Profiling: ${done}/${total} iterations`);
    }, 250);
    const done = await Promise.race([Promise.all(workers.map((w) => w.done)), failure]);
    clearInterval(progress);
    hooks.onProgress?.(1, 'Building the profile');
    const raw =
      o.engine === 'ort' ? await ortRaw(done, warmup, o.artifactsDir) : timedRaw(done, threads);
    const model = await openModelFile(o.modelPath);
    const shapes: Record<string, number[]> = {};
    for (const [name, t] of Object.entries(feeds)) shapes[name] = t.dims;
    raw.engine = o.engine;
    raw.engineVersion = ready[0]?.engineVersion ?? null;
    raw.model = {
      path: path.resolve(o.modelPath),
      sha256: facts.sha256,
      variant: o.variant ?? null,
    };
    raw.config = { streams, threads, batch, seq, shapes, sparse_rate: sparseRate, warmup };
    raw.notes = [...new Set([...ready.flatMap((r: Ready) => r.notes), ...raw.notes])];
    return buildProfile(raw, {
      machine: machineInfo(),
      peaks: o.peaks ?? null,
      model: { graph: model.graph, bind: { batch, seq } },
    });
  } finally {
    clearTimeout(timer);
    clearInterval(progress);
    hooks.signal?.removeEventListener('abort', onAbort);
    Atomics.store(ctl, PCTL.STOP, 1);
    Atomics.store(ctl, PCTL.GO, 1);
    Atomics.notify(ctl, PCTL.GO);
    await Promise.all(workers.map((w) => w.exited));
  }
}

function cancelled(): UserError {
  return new UserError('Cancelled', 'The profile was cancelled.');
}

interface Spawned {
  ready: Promise<Ready>;
  done: Promise<Done>;
  failed: Promise<never>;
  exited: Promise<void>;
}

/** A profile or peaks worker, its messages as promises; it is never terminated (see stream-run.ts). */
function spawn(
  file: string,
  data: ProfileWorkerData,
  onPeaks?: (m: Extract<ProfileWorkerMessage, { type: 'peaks' }>) => void,
): Spawned {
  const worker = new Worker(file, { workerData: data });
  let onReady!: (m: Ready) => void;
  let onDone!: (m: Done) => void;
  let onFailed!: (e: Error) => void;
  let finished = false;
  const ready = new Promise<Ready>((r) => (onReady = r));
  const done = new Promise<Done>((r) => (onDone = r));
  const failed = new Promise<never>((_, reject) => (onFailed = reject));
  failed.catch(() => undefined);
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  const who = data.task === 'profile' ? `Profile stream ${data.stream}` : 'The machine-peaks probe';
  worker.on('message', (m: ProfileWorkerMessage) => {
    if (m.type === 'ready') onReady(m);
    else if (m.type === 'done') {
      finished = true;
      onDone(m);
    } else if (m.type === 'peaks') {
      finished = true;
      onPeaks?.(m);
    } else {
      const err = fromErrorData(m.error);
      onFailed(
        err instanceof UserError
          ? new UserError(err.kind, `${who}: ${err.message}`, err.detail)
          : err,
      );
    }
  });
  worker.on('error', (err) =>
    onFailed(new BugError('Crashed', `${who}'s worker crashed: ${err.message}`)),
  );
  worker.on('exit', (code) => {
    if (!finished)
      onFailed(new BugError('Crashed', `${who}'s worker exited (code ${code}) before finishing.`));
  });
  return { ready, done, failed, exited };
}

/** Measure the machine's peaks in a worker (so a host's event loop stays free). */
export async function measurePeaksIsolated(
  threads: number[],
): Promise<Extract<ProfileWorkerMessage, { type: 'peaks' }>['peaks']> {
  const file = workerPath('profile');
  if (!existsSync(file))
    throw new UserError(
      'NotBuilt',
      `The profile worker bundle ${file} is missing: run \`node scripts/build.mjs core\`.`,
    );
  let got: Extract<ProfileWorkerMessage, { type: 'peaks' }> | null = null;
  const w = spawn(file, { task: 'peaks', threads }, (m) => (got = m));
  await Promise.race([w.exited, w.failed]);
  if (!got) throw new BugError('Crashed', 'The machine-peaks probe ended without an answer.');
  return (got as Extract<ProfileWorkerMessage, { type: 'peaks' }>).peaks;
}

const blankRaw = (source: RawProfile['source']): RawProfile => ({
  source,
  sourceFiles: [],
  createdAt: new Date().toISOString(),
  engine: '',
  engineVersion: null,
  model: { path: null, sha256: null, variant: null },
  config: {
    streams: null,
    threads: null,
    batch: null,
    seq: null,
    shapes: null,
    sparse_rate: null,
    warmup: null,
  },
  iterations: 0,
  latenciesMs: null,
  nodes: [],
  timeline: null,
  runtimeGraph: null,
  notes: [],
});

const MATRIX_OPS = /MatMul|Gemm|Attention/;

/**
 * Node times an engine measured itself (builtin; OpenVINO's counters), streams side by side:
 * every stream runs the same runtime graph, so node k of each stream is the same node.
 */
function timedRaw(done: readonly Done[], threads: number): RawProfile {
  const raw = blankRaw('sparsescope');
  const first = done[0]?.nodes ?? [];
  raw.nodes = first.map((n: NodeTiming, k) => {
    const impl = n.kernel?.impl ?? null;
    const precision = n.kernel?.precision ?? null;
    const tier = n.kernel?.tier ?? null;
    const node: RawNode = {
      name: n.name,
      opType: n.opType,
      originals: n.originals.length ? n.originals : null,
      status: 'executed',
      kernel: {
        impl,
        precision,
        tier,
        exec_type:
          n.kernel?.execType ?? ([impl, precision, tier].filter(Boolean).join('_') || null),
      },
      samplesMs: done.flatMap((d) => d.nodes?.[k]?.samplesMs ?? []),
      cpuMs: null,
      threads: threads > 1 && MATRIX_OPS.test(n.opType) ? threads : 1,
      inputNames: n.inputs,
      outputNames: n.outputs,
      inputs: [],
      outputs: [],
    };
    return node;
  });
  raw.iterations = done.reduce((a, d) => a + d.latencies.length, 0);
  raw.latenciesMs = done.flatMap((d) => d.latencies);
  const graph = done[0]?.runtimeGraph;
  raw.runtimeGraph =
    graph?.format === 'openvino-exec-graph'
      ? { kind: 'openvino-exec-graph', path: graph.path }
      : { kind: 'builtin-plan', path: null };
  raw.timeline = builtinTimeline(done);
  if (threads > 1)
    raw.notes.push(
      `threads ${threads}: matrix products split their columns over ${threads} threads; their bars stand for all of them`,
    );
  return raw;
}

/**
 * The builtin runs a stream's nodes one after another on that stream's thread, so an
 * iteration's bars start where the previous node ended: measured durations, reconstructed
 * starts (the untimed bookkeeping between nodes is the node-sum vs end-to-end gap).
 */
function builtinTimeline(done: readonly Done[]): Timeline | null {
  const events: Timeline['events'] = [];
  const lanes: Timeline['lanes'] = [];
  let t0 = Infinity;
  for (const d of done) {
    const n = d.latencies.length;
    const from = Math.max(0, n - TIMELINE_ITERATIONS);
    for (let i = from; i < n; i++) t0 = Math.min(t0, d.startsAbsMs[i]!);
  }
  for (const d of done) {
    const nodes = d.nodes ?? [];
    const n = d.latencies.length;
    const lane = lanes.length;
    lanes.push({ label: `stream ${d.stream}`, stream: d.stream, thread: null });
    const from = Math.max(0, n - TIMELINE_ITERATIONS);
    const samples = nodes.map((node) => node.samplesMs);
    for (let i = from; i < n; i++) {
      let at = (d.startsAbsMs[i]! - t0) * 1000;
      samples.forEach((s, k) => {
        const us = (s[i] ?? 0) * 1000;
        events.push({ node: k, iteration: i - from, lane, start_us: at, dur_us: us });
        at += us;
      });
    }
  }
  if (events.length === 0) return null;
  const iterations = [...new Set(events.map((e) => e.iteration))].sort((a, b) => a - b);
  return { kind: 'reconstructed', lanes, iterations, events };
}

/** ORT's profiler files, one per stream, warm-up runs left out, mapped onto its optimized model. */
async function ortRaw(
  done: readonly Done[],
  warmup: number,
  artifactsDir: string | undefined,
): Promise<RawProfile> {
  const raw = blankRaw('sparsescope');
  const byName = new Map<string, RawNode>();
  const index = new Map<RawNode, number>();
  const timelineLanes: Timeline['lanes'] = [];
  const timelineEvents: Timeline['events'] = [];
  let timelineIterations: number[] = [];
  let runtimeGraph: string | null = null;
  for (const d of done) {
    if (!d.file)
      throw new BugError('InternalError', `ORT stream ${d.stream} returned no profile file.`);
    const parsed = parseOrtProfile(
      readFileSync(d.file.path, 'utf8'),
      {
        fileName: d.file.path,
        fallbackTimestamp: new Date().toISOString(),
      },
      { skipRuns: warmup, timelineRuns: TIMELINE_ITERATIONS },
    );
    // Index in the merged list of each of this stream's nodes (streams run the same graph).
    const order: number[] = [];
    for (const n of parsed.nodes) {
      const have = byName.get(n.name);
      if (have) have.samplesMs.push(...n.samplesMs);
      else {
        index.set(n, byName.size);
        byName.set(n.name, n);
      }
      order.push(index.get(byName.get(n.name)!)!);
    }
    // Each stream's timeline is on its own profiler's clock: shown from its first event.
    if (parsed.timeline) {
      const base = timelineLanes.length;
      for (const l of parsed.timeline.lanes)
        timelineLanes.push({ ...l, stream: d.stream, label: `stream ${d.stream} · ${l.label}` });
      for (const e of parsed.timeline.events)
        timelineEvents.push({ ...e, lane: e.lane + base, node: order[e.node]! });
      timelineIterations = parsed.timeline.iterations;
    }
    runtimeGraph ??= d.runtimeGraph?.path ?? null;
  }
  raw.nodes = [...byName.values()];
  raw.iterations = done.reduce((a, d) => a + d.latencies.length, 0);
  raw.latenciesMs = done.flatMap((d) => d.latencies);
  raw.timeline = timelineEvents.length
    ? {
        kind: 'measured',
        lanes: timelineLanes,
        iterations: timelineIterations,
        events: timelineEvents,
      }
    : null;
  raw.notes.push(
    "end-to-end latency is timed around session.run with ORT's profiler on; node times are ORT's *_kernel_time events",
  );
  try {
    if (runtimeGraph) {
      // ORT's node names are the optimized graph's: its value names map fusions back.
      const optimized = await openModelFile(runtimeGraph);
      const nodes = new Map(optimized.graph.nodes.map((n) => [n.name || n.id, n]));
      for (const n of raw.nodes) {
        const g = nodes.get(n.name);
        if (!g) continue;
        n.inputNames = g.inputs.filter(Boolean);
        n.outputNames = g.outputs.filter(Boolean);
      }
      let kept: string | null = null;
      if (artifactsDir) {
        kept = path.join(artifactsDir, 'ort-optimized.onnx');
        copyFileSync(runtimeGraph, kept);
      }
      raw.runtimeGraph = { kind: 'ort-optimized-onnx', path: kept };
    } else
      raw.notes.push('ORT saved no optimized model: fused nodes are not mapped to the original');
  } finally {
    for (const d of done)
      if (d.file) rmSync(path.dirname(d.file.path), { recursive: true, force: true });
  }
  return raw;
}
