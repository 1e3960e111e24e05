import type { OpTypeRow, ProfileFile, ProfileNode } from '../api/schemas/profile';

/**
 * Aggregations of one profile: what the Profile page's charts, the CLI's summaries and the
 * reports show. Pure and shared, so a number on screen and in an export is one computation.
 */

type Nodes = readonly Pick<ProfileNode, 'op_type' | 'total_us'>[];

const share = (part: number, whole: number): number =>
  whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;

/**
 * Per op type: node count, total time, mean ms per iteration and share of the total, slowest
 * first (ties by name, so the order is stable).
 */
export function byOpType(nodes: Nodes, iterations: number): OpTypeRow[] {
  const groups = new Map<string, { count: number; total: number }>();
  let total = 0;
  for (const n of nodes) {
    const g = groups.get(n.op_type) ?? { count: 0, total: 0 };
    g.count++;
    g.total += n.total_us;
    total += n.total_us;
    groups.set(n.op_type, g);
  }
  return [...groups]
    .map(([op_type, g]) => ({
      op_type,
      count: g.count,
      total_us: g.total,
      mean_ms: iterations > 0 ? g.total / 1000 / iterations : 0,
      share: share(g.total, total),
    }))
    .sort((a, b) => b.total_us - a.total_us || a.op_type.localeCompare(b.op_type));
}

export interface Hotspot {
  node: ProfileNode;
  /** 1-based rank by total time. */
  rank: number;
  /** Fraction of the profile's total, 0..1. */
  share: number;
  /** Running share of this and every slower node. */
  cumulative: number;
}

/** The N nodes that take the most time, with their share and the running share. */
export function hotspots(profile: Pick<ProfileFile, 'nodes' | 'total_us'>, n: number): Hotspot[] {
  const sorted = [...profile.nodes].sort((a, b) => b.total_us - a.total_us || a.order - b.order);
  let running = 0;
  return sorted.slice(0, Math.max(0, n)).map((node, i) => {
    running += node.total_us;
    return {
      node,
      rank: i + 1,
      share: share(node.total_us, profile.total_us),
      cumulative: share(running, profile.total_us),
    };
  });
}

export interface BreakdownRow {
  /** The group's label, e.g. "sparse · fp32" or "int8". */
  key: string;
  count: number;
  total_us: number;
  share: number;
}

function breakdown(
  nodes: readonly ProfileNode[],
  keyOf: (n: ProfileNode) => string,
): BreakdownRow[] {
  const groups = new Map<string, { count: number; total: number }>();
  let total = 0;
  for (const n of nodes) {
    if (n.status !== 'executed') continue;
    const key = keyOf(n);
    const g = groups.get(key) ?? { count: 0, total: 0 };
    g.count++;
    g.total += n.total_us;
    total += n.total_us;
    groups.set(key, g);
  }
  return [...groups]
    .map(([key, g]) => ({ key, count: g.count, total_us: g.total, share: share(g.total, total) }))
    .sort((a, b) => b.total_us - a.total_us || a.key.localeCompare(b.key));
}

/** A node's kernel in words: "sparse · fp32 · wasm", or "unknown". */
export function kernelLabel(n: Pick<ProfileNode, 'kernel'>): string {
  const parts = [n.kernel.impl, n.kernel.precision, n.kernel.tier].filter(
    (p): p is string => p !== null && p !== '',
  );
  return parts.length ? parts.join(' · ') : (n.kernel.exec_type ?? 'unknown');
}

/** Executed nodes' time per kernel implementation (dense, sparse …) and precision. */
export function kernelBreakdown(nodes: readonly ProfileNode[]): BreakdownRow[] {
  return breakdown(nodes, (n) =>
    [n.kernel.impl ?? n.kernel.exec_type ?? 'unknown', n.kernel.precision ?? '?'].join(' · '),
  );
}

/** Executed nodes' time per precision (fp32, int8, bf16 …). */
export function precisionBreakdown(nodes: readonly ProfileNode[]): BreakdownRow[] {
  return breakdown(nodes, (n) => n.kernel.precision ?? 'unknown');
}

export interface NodeSumVsEndToEnd {
  nodeSumMs: number | null;
  latencyMedianMs: number | null;
  latencyAvgMs: number | null;
  /** node_sum_ms / latency median; null unless both exist. */
  ratio: number | null;
  /** Median over iterations of (that iteration's node sum / its latency); null without per-iteration data. */
  perIterationRatio: number | null;
  /** latency median − node sum: time outside node kernels (negative: nodes overlap or overcount). */
  gapMs: number | null;
  /** What the gap is, in words. */
  explanation: string;
}

/**
 * The sum of node times against end to end over the same iterations, with what the gap
 * means for this engine. Shown, never hidden: it is how much of the latency the table covers.
 */
export function nodeSumVsEndToEnd(
  profile: Pick<
    ProfileFile,
    'node_sum_ms' | 'latency_ms' | 'engine' | 'config' | 'source' | 'per_iteration'
  >,
): NodeSumVsEndToEnd {
  const nodeSumMs = profile.node_sum_ms;
  const median = profile.latency_ms.median;
  const ratio = nodeSumMs !== null && median !== null && median > 0 ? nodeSumMs / median : null;
  const gapMs = nodeSumMs !== null && median !== null ? median - nodeSumMs : null;
  let explanation: string;
  if (median === null) {
    explanation =
      profile.source === 'sparsescope'
        ? 'No end-to-end latency was recorded.'
        : 'The imported file has no end-to-end latency over the same iterations; only node times are known.';
  } else if (profile.engine === 'ort') {
    explanation =
      "ORT's *_kernel_time events time each kernel inside its executor; end to end also holds session.run's own work (binding feeds, allocating and copying outputs, the executor's loop) and the profiler's bookkeeping, which no node owns.";
  } else if (profile.engine === 'builtin') {
    explanation =
      'The builtin times each plan step on one monotonic clock around its kernel call; end to end also holds copying feeds in and outputs out and the release of buffers between steps.';
  } else {
    explanation =
      'End to end also holds work outside the timed nodes (input and output handling, scheduling).';
  }
  if (ratio !== null && ratio > 1.02 && (profile.config.threads ?? 1) > 1)
    explanation +=
      ' Node times above end to end mean nodes overlapped (parallel streams or inter-op threads) or were timed as CPU time.';
  const it = profile.per_iteration;
  let perIterationRatio: number | null = null;
  if (
    it?.latency_ms &&
    it.latency_ms.length === it.node_sum_ms.length &&
    it.node_sum_ms.length > 0
  ) {
    const ratios = it.node_sum_ms
      .map((s, i) => s / it.latency_ms![i]!)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const m = ratios.length >> 1;
    if (ratios.length)
      perIterationRatio = ratios.length % 2 ? ratios[m]! : (ratios[m - 1]! + ratios[m]!) / 2;
  }
  return {
    nodeSumMs,
    latencyMedianMs: median,
    latencyAvgMs: profile.latency_ms.avg,
    ratio,
    perIterationRatio,
    gapMs,
    explanation,
  };
}
