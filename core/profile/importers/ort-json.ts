import { importError, isRecord } from '../../bench/import/import-common';
import type { TensorFact, Timeline } from '../../api/schemas/profile';
import { readJson } from '../../util/json-reader';
import { MAX_TIME_MS, NO_CONFIG, NO_MODEL, type RawNode, type RawProfile } from '../raw-profile';
import { PROFILE_JSON_LIMITS, type ImportContext, type ProfileImporter } from './profile-importer';

/**
 * ONNX Runtime's profiler output (SessionOptions enableProfiling / profileFilePrefix; written
 * by onnxruntime/core/common/profiler.cc): Chrome trace events, as a bare list or as
 * {"traceEvents": [...]}. Per node and run one complete event named "<node>_kernel_time",
 * cat "Node", with dur and ts in µs and args op_name, provider, node_index, input_type_shape,
 * output_type_shape and thread_scheduling_stats; per run a "model_run" event, cat "Session".
 * Older builds also write "<node>_fence_before/_after" events, which are not kernel time.
 */

const SUFFIX = '_kernel_time';

interface Run {
  ts: number;
  end: number;
}

export interface OrtParseOptions {
  /** Leading runs to leave out (a measured profile's warm-up). */
  skipRuns?: number;
  /** How many of the last runs to keep as timeline events. */
  timelineRuns?: number;
}

/** ORT's dtype words in input_type_shape → the names our graph model uses. */
const ORT_DTYPES: Record<string, string> = {
  float: 'float32',
  double: 'float64',
  float16: 'float16',
  bfloat16: 'bfloat16',
  int8: 'int8',
  uint8: 'uint8',
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  int64: 'int64',
  uint64: 'uint64',
  bool: 'bool',
  string: 'string',
};

const PRECISION: Record<string, string> = {
  float32: 'fp32',
  float16: 'fp16',
  bfloat16: 'bf16',
  float64: 'fp64',
  int8: 'int8',
  uint8: 'int8',
  int32: 'int32',
  int64: 'int64',
  bool: 'bool',
};

const MATMUL_LIKE =
  /^(MatMul|Gemm|FusedMatMul|MatMulInteger|QLinearMatMul|Attention|FusedGemm|MatMulNBits|DynamicQuantizeMatMul|MatMulIntegerToFloat)$/;

function facts(v: unknown): TensorFact[] {
  if (!Array.isArray(v)) return [];
  return v.map((item) => {
    if (!isRecord(item)) return { dtype: null, shape: null };
    const [key] = Object.keys(item);
    const dims = key === undefined ? undefined : item[key];
    const shape =
      Array.isArray(dims) && dims.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)
        ? (dims as number[])
        : null;
    return { dtype: key === undefined ? null : (ORT_DTYPES[key] ?? key), shape };
  });
}

/** Threads that worked on a node: the main thread plus sub-threads that ran a part. */
function threadsOf(stats: unknown): number {
  let s = stats;
  if (typeof s === 'string') {
    if (s.trim() === '') return 1;
    try {
      s = JSON.parse(s);
    } catch {
      return 1;
    }
  }
  if (!isRecord(s) || !isRecord(s.sub_threads)) return 1;
  let n = 1;
  for (const t of Object.values(s.sub_threads)) if (isRecord(t) && Number(t.num_run) > 0) n++;
  return n;
}

function num(e: Record<string, unknown>, key: string, ctx: ImportContext, place: string): number {
  const v = e[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_TIME_MS * 1000)
    throw importError(
      ctx,
      `${place}.${key}`,
      'a number of µs from 0 to 10¹²',
      `got ${JSON.stringify(v)?.slice(0, 40)}`,
    );
  return v;
}

/** Parse ORT's trace events into a raw profile (node samples per run, runs, timeline). */
export function parseOrtProfile(
  text: string,
  ctx: ImportContext,
  opts: OrtParseOptions = {},
): RawProfile {
  const doc = readJson(text, { source: ctx.fileName, kind: 'BadResults' }, PROFILE_JSON_LIMITS);
  const events = Array.isArray(doc)
    ? doc
    : isRecord(doc) && Array.isArray(doc.traceEvents)
      ? doc.traceEvents
      : null;
  if (!events)
    throw importError(ctx, 'top level', 'a list of trace events, or an object with "traceEvents"');

  const runs: Run[] = [];
  const kernels: { i: number; e: Record<string, unknown>; ts: number; dur: number }[] = [];
  events.forEach((e: unknown, i: number) => {
    if (!isRecord(e)) throw importError(ctx, `event ${i}`, 'an object');
    const name = e.name;
    if (typeof name !== 'string') return;
    if (e.cat === 'Session' && name === 'model_run') {
      const ts = num(e, 'ts', ctx, `event ${i} (model_run)`);
      runs.push({ ts, end: ts + num(e, 'dur', ctx, `event ${i} (model_run)`) });
    } else if (name.endsWith(SUFFIX) && (e.cat === 'Node' || e.cat === undefined)) {
      const place = `event ${i} ("${name.slice(0, 60)}")`;
      kernels.push({ i, e, ts: num(e, 'ts', ctx, place), dur: num(e, 'dur', ctx, place) });
    }
  });
  if (kernels.length === 0)
    throw importError(ctx, 'events', `at least one "…${SUFFIX}" node event (is profiling on?)`);

  runs.sort((a, b) => a.ts - b.ts);
  const notes: string[] = [];
  // Which run each kernel belongs to: the model_run around it; without model_run events, a
  // node's k-th appearance is in run k.
  const runOf = (ts: number): number => {
    let lo = 0;
    let hi = runs.length - 1;
    let at = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]!.ts <= ts) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at;
  };
  const seen = new Map<string, number>();
  let outside = 0;
  const tagged = kernels.map((k) => {
    const args = isRecord(k.e.args) ? k.e.args : {};
    const opName = typeof args.op_name === 'string' ? args.op_name : 'Unknown';
    let node = (k.e.name as string).slice(0, -SUFFIX.length);
    if (node === '') node = `${opName}_${String(args.node_index ?? k.i)}`;
    let run: number;
    if (runs.length) {
      run = runOf(k.ts);
      const r = runs[run]!;
      if (k.ts < r.ts || k.ts > r.end) outside++;
    } else {
      run = seen.get(node) ?? 0;
      seen.set(node, run + 1);
    }
    return { ...k, node, opName, args, run };
  });
  if (outside)
    notes.push(
      `${outside} kernel event${outside > 1 ? 's' : ''} outside any model_run counted with the run before`,
    );
  let totalRuns = runs.length;
  for (const k of seen.values()) totalRuns = Math.max(totalRuns, k);
  const skip = Math.min(opts.skipRuns ?? 0, Math.max(0, totalRuns - 1));
  const kept = tagged.filter((t) => t.run >= skip);
  const iterations = totalRuns - skip;

  const nodes = new Map<string, RawNode & { perRun: Map<number, number> }>();
  for (const t of kept) {
    let n = nodes.get(t.node);
    if (!n) {
      const inputs = facts(t.args.input_type_shape);
      const dtype = inputs[0]?.dtype ?? null;
      const provider = typeof t.args.provider === 'string' ? t.args.provider : null;
      n = {
        name: t.node,
        opType: t.opName,
        originals: null,
        status: 'executed',
        kernel: {
          impl: MATMUL_LIKE.test(t.opName) ? 'dense' : null,
          precision: dtype ? (PRECISION[dtype] ?? dtype) : null,
          tier: provider ? provider.replace(/ExecutionProvider$/, '') : null,
          exec_type: provider,
        },
        samplesMs: [],
        cpuMs: null,
        threads: 1,
        inputNames: null,
        outputNames: null,
        inputs,
        outputs: facts(t.args.output_type_shape),
        perRun: new Map(),
      };
      nodes.set(t.node, n);
    }
    n.perRun.set(t.run, (n.perRun.get(t.run) ?? 0) + t.dur / 1000);
    n.threads = Math.max(n.threads ?? 1, threadsOf(t.args.thread_scheduling_stats));
  }
  const raw: RawNode[] = [...nodes.values()].map(({ perRun, ...n }) => ({
    ...n,
    samplesMs: [...perRun.entries()].sort((a, b) => a[0] - b[0]).map(([, ms]) => ms),
  }));

  const keptRuns = runs.slice(skip);
  return {
    source: 'ort-json',
    sourceFiles: [ctx.fileName],
    createdAt: ctx.fallbackTimestamp,
    engine: 'ort',
    engineVersion: null,
    model: NO_MODEL,
    config: NO_CONFIG,
    iterations,
    latenciesMs: keptRuns.length ? keptRuns.map((r) => (r.end - r.ts) / 1000) : null,
    nodes: raw,
    timeline: ortTimeline(kept, [...nodes.keys()], opts.timelineRuns ?? 3),
    runtimeGraph: null,
    notes,
  };
}

/** The last few runs as measured events, one lane per thread id. */
function ortTimeline(
  kept: { node: string; run: number; ts: number; dur: number; e: Record<string, unknown> }[],
  order: string[],
  keepRuns: number,
): Timeline | null {
  if (kept.length === 0) return null;
  // Loops, not Math.max(...xs): a long trace has more events than a call has arguments.
  let last = 0;
  let lowest = Infinity;
  for (const k of kept) {
    last = Math.max(last, k.run);
    lowest = Math.min(lowest, k.run);
  }
  const first = Math.max(lowest, last - keepRuns + 1);
  const shown = kept.filter((k) => k.run >= first);
  let t0 = Infinity;
  for (const k of shown) t0 = Math.min(t0, k.ts);
  const index = new Map(order.map((n, i) => [n, i]));
  const laneOf = new Map<string, number>();
  const lanes: Timeline['lanes'] = [];
  const events = shown.map((k) => {
    const tid = typeof k.e.tid === 'number' ? k.e.tid : null;
    const key = String(tid);
    let lane = laneOf.get(key);
    if (lane === undefined) {
      lane = lanes.length;
      laneOf.set(key, lane);
      lanes.push({ label: tid === null ? 'thread' : `thread ${tid}`, stream: 0, thread: tid });
    }
    return {
      node: index.get(k.node)!,
      iteration: k.run - first,
      lane,
      start_us: k.ts - t0,
      dur_us: k.dur,
    };
  });
  const iterations = [...new Set(events.map((e) => e.iteration))].sort((a, b) => a - b);
  return { kind: 'measured', lanes, iterations, events };
}

export const ortJsonImporter: ProfileImporter = {
  id: 'ort-json',
  label: 'ONNX Runtime profiler JSON',
  extensions: ['.json'],
  sniff(head) {
    if (!/^\s*[[{]/.test(head)) return 'not JSON';
    if (head.includes(SUFFIX) || /"cat"\s*:\s*"(Session|Node)"/.test(head)) return true;
    return `no "…${SUFFIX}" or "cat": "Session"/"Node" trace events`;
  },
  parse: (text, ctx) => parseOrtProfile(text, ctx),
};
