import { z } from 'zod';
import { latencySchema } from './bench-result';
import { machineInfoSchema } from './machine-info';
import { NODE_STATUSES, PROFILE_SOURCES } from '../names';

/**
 * The SparseScope profile file, version 1 (`sparsescope profile --json`, `<workspace>/profiles/
 * <id>.json`, `profiles/<cell>.json` beside a sweep's results.jsonl). JSON, snake_case,
 * numbers in the unit their name says. One file holds one profile: per runtime node its time
 * over the measured iterations, what it covers of the original model and how it computed;
 * per run the end-to-end latency over the same iterations, so the gap between the sum of
 * nodes and end to end is in the file, not hidden.
 *
 * Measured profiles (source "sparsescope") fill every field the engine can give. Imported ones
 * (ORT JSON, benchmark_app counters, OpenVINO execution graphs) keep exactly what the source
 * reports and leave the rest null. The long form, with examples, is core/profile/FORMAT.md.
 *
 * Stability promises readers may rely on:
 * - `nodes[].name` is unique within a file and is the runtime node's own name (ORT's node
 *   name, OpenVINO's layer name, the builtin plan step's node name): the identity the graph
 *   view, reports and A/B deltas join on. `originals` are names in the original model.
 * - `total_us` = Σ nodes[].total_us; `node_sum_ms` = total_us / 1000 / iterations.
 * - `by_op_type` is derived from `nodes` (core/views/profile-aggregate.ts computes it the same
 *   way for the screen); it is stored so a reader without SparseScope has it.
 */

export const PROFILE_FILE_VERSION = 1;

const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();

/** A node's time over the iterations it was measured in (ms). */
export const timeStatsSchema = z.object({
  mean: nonNegative,
  median: nonNegative,
  min: nonNegative,
  max: nonNegative,
  /** Samples: iterations (× streams) the node ran in. */
  count,
});
export type TimeStats = z.infer<typeof timeStatsSchema>;

/** Element type and shape of one input or output of a node, as the engine saw it at run time. */
const tensorFactSchema = z.object({
  dtype: z.string().nullable(),
  shape: z.array(z.number().int().nonnegative()).nullable(),
});
export type TensorFact = z.infer<typeof tensorFactSchema>;

/** How a node computed: OpenVINO's execType, split in the parts people filter by. */
export const nodeKernelSchema = z.object({
  /** dense / sparse for products with a packed weight; the engine's word otherwise; null = not said. */
  impl: z.string().nullable(),
  /** fp32, int8, bf16 …; null = not said. */
  precision: z.string().nullable(),
  /** Kernel tier (wasm, native-avx512), execution provider (CPU) or ISA; null = not said. */
  tier: z.string().nullable(),
  /** The engine's own one-word label: OpenVINO's execType, "sparse_fp32_wasm", ORT's provider. */
  exec_type: z.string().nullable(),
});
export type NodeKernelFact = z.infer<typeof nodeKernelSchema>;

export const profileNodeSchema = z.object({
  /** The runtime node's name; unique in the file. */
  name: z.string().min(1),
  /** The runtime op type: FusedMatMul, Gelu, FullyConnected … */
  op_type: z.string(),
  /** Names of the original model's nodes this node computes; [] when not known (runtime-only nodes). */
  originals: z.array(z.string()),
  status: z.enum(NODE_STATUSES),
  kernel: nodeKernelSchema,
  /** Position in execution order (0 = first). */
  order: count,
  /** Wall time per iteration. */
  time_ms: timeStatsSchema,
  /** CPU time per iteration when the source reports it (benchmark_app's cpuTime), else null. */
  cpu_ms: nonNegative.nullable(),
  /** Σ of every sample of this node, in µs. */
  total_us: nonNegative,
  /** Floating-point (or integer multiply-add ×2) operations per iteration; null = not counted. */
  flops: nonNegative.nullable(),
  /** Bytes read and written per iteration (inputs, weights as stored, outputs); null = unknown. */
  bytes: nonNegative.nullable(),
  /** flops / mean time, in GFLOP/s. */
  gflops: nonNegative.nullable(),
  /** bytes / mean time, in GB/s (10⁹ bytes). */
  gbps: nonNegative.nullable(),
  /** Threads the node's kernel ran on, when known. */
  threads: positiveInt.nullable(),
  inputs: z.array(tensorFactSchema),
  outputs: z.array(tensorFactSchema),
});
export type ProfileNode = z.infer<typeof profileNodeSchema>;

/** One line of the per-op-type summary. */
export const opTypeRowSchema = z.object({
  op_type: z.string(),
  /** Nodes of this type. */
  count: positiveInt,
  total_us: nonNegative,
  /** Mean ms per iteration spent in this op type. */
  mean_ms: nonNegative,
  /** Fraction of the profile's total_us, 0..1. */
  share: z.number().min(0).max(1),
});
export type OpTypeRow = z.infer<typeof opTypeRowSchema>;

/** One node run on one lane of the timeline. */
const timelineEventSchema = z.object({
  /** Index into `nodes`. */
  node: count,
  /** 0-based measured iteration. */
  iteration: count,
  /** Index into `timeline.lanes`. */
  lane: count,
  /** Start, µs from the first event of the timeline. */
  start_us: nonNegative,
  dur_us: nonNegative,
});

/**
 * A few measured iterations as events on lanes (one lane per executing thread). "measured":
 * start times from the engine's clock (ORT's events); "reconstructed": each node starts where
 * the one before it ended, from per-node durations (the builtin runs one node at a time on
 * its stream's thread, so only the untimed bookkeeping between nodes is lost — that gap is
 * node_sum vs end to end); "order-only": from execution order alone (benchmark_app counters).
 */
export const timelineSchema = z.object({
  kind: z.enum(['measured', 'reconstructed', 'order-only']),
  lanes: z.array(
    z.object({
      label: z.string(),
      stream: count.nullable(),
      /** The OS thread id where the source gives one. */
      thread: z.number().int().nullable(),
    }),
  ),
  /** Which iterations are shown (the events hold at most a few). */
  iterations: z.array(count),
  events: z.array(timelineEventSchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

/**
 * Machine peaks for the roofline, measured once per machine (core/profile/peaks) and cached in
 * the workspace: memory bandwidth by a triad over arrays far larger than the last-level cache,
 * and compute peaks, each in the runtime of the engine it bounds.
 */
export const machinePeaksSchema = z.object({
  version: z.literal(1),
  measured_at: z.string(),
  /** Which machine: CPU model, cores, memory, arch (MachineInfo). */
  machine_key: z.string(),
  wasm: z.object({
    /** a[i] = b[i] + s·c[i], f32x4, one thread, 3 arrays of `triad_bytes` total. */
    triad_gbps: nonNegative,
    triad_bytes: nonNegative,
    /** Independent f32x4 mul+add chains, one thread. */
    simd_fp32_gflops: nonNegative,
  }),
  /**
   * ORT's own kernels: memory bandwidth of a ReduceSum over 128 MiB (a read stream; an Add
   * would time onnxruntime-node's fresh output allocation, ~3× slower here) and a 1024³ GEMM
   * per thread count.
   */
  ort: z
    .object({
      bandwidth_gbps: nonNegative,
      /** How the bandwidth was measured, for the legend. */
      bandwidth_probe: z.string(),
      gemm: z.array(z.object({ threads: positiveInt, gflops: nonNegative })),
    })
    .nullable(),
  notes: z.array(z.string()),
});
export type MachinePeaks = z.infer<typeof machinePeaksSchema>;

export const profileFileSchema = z.object({
  version: z.literal(PROFILE_FILE_VERSION),
  kind: z.literal('sparsescope-profile'),
  source: z.enum(PROFILE_SOURCES),
  /** Files an import was read from (absolute); [] for measured profiles. */
  source_files: z.array(z.string()),
  /** ISO time the profile was measured or imported. */
  created_at: z.string(),
  /** 'builtin', 'ort', 'openvino', or the foreign engine's name. */
  engine: z.string().min(1),
  engine_version: z.string().nullable(),
  model: z.object({
    path: z.string().nullable(),
    sha256: z.string().nullable(),
    variant: z.string().nullable(),
  }),
  config: z.object({
    streams: positiveInt.nullable(),
    /** Threads per stream. */
    threads: positiveInt.nullable(),
    batch: positiveInt.nullable(),
    seq: positiveInt.nullable(),
    shapes: z.record(z.string(), z.array(z.number().int().nonnegative())).nullable(),
    sparse_rate: z.number().min(0).max(1).nullable(),
    warmup: count.nullable(),
  }),
  machine: machineInfoSchema.nullable(),
  peaks: machinePeaksSchema.nullable(),
  /** Measured iterations (summed over streams) the node times and latencies cover. */
  iterations: count,
  /** End-to-end latency over the same iterations (null for imports without it). */
  latency_ms: latencySchema,
  /** Mean per-iteration sum of node times, ms: total_us / 1000 / iterations. */
  node_sum_ms: nonNegative.nullable(),
  /** Σ over nodes of total_us; for an import, the sum of every node time in the file. */
  total_us: nonNegative,
  /**
   * Per measured iteration, in order: the sum of its node times and its end-to-end latency
   * (null where the source has none). Their per-iteration ratio is immune to the drift of a
   * noisy machine that moves mean and median apart.
   */
  per_iteration: z
    .object({ node_sum_ms: z.array(nonNegative), latency_ms: z.array(nonNegative).nullable() })
    .nullable(),
  nodes: z.array(profileNodeSchema),
  by_op_type: z.array(opTypeRowSchema),
  /** The graph `nodes` name: ORT's optimized model, the builtin's plan, OpenVINO's execution graph. */
  runtime_graph: z
    .object({
      kind: z.enum(['ort-optimized-onnx', 'builtin-plan', 'openvino-exec-graph']),
      path: z.string().nullable(),
    })
    .nullable(),
  /** Original nodes no runtime node covers: folded at load, optimized out, packed into a weight. */
  unmapped_originals: z.array(z.object({ name: z.string(), op_type: z.string() })),
  timeline: timelineSchema.nullable(),
  notes: z.array(z.string()),
});
export type ProfileFile = z.infer<typeof profileFileSchema>;
