import type { MachinePeaks, ProfileFile, ProfileNode } from '../api/schemas/profile';

/** Where a kernel runs, as far as its roofs go: WebAssembly or native code. */
export type RoofFamily = 'wasm' | 'native';

/** The two roofs of a roofline: memory bandwidth and compute peak, for one runtime and thread count. */
export interface Roofs {
  family: RoofFamily;
  bandwidthGbps: number;
  peakGflops: number;
  /** Arithmetic intensity (FLOP/byte) where the roofs meet. */
  ridge: number;
  /** Where each roof comes from, in words (for the legend). */
  bandwidthLabel: string;
  peakLabel: string;
}

export interface RooflinePoint {
  node: number;
  name: string;
  opType: string;
  kernel: string | null;
  family: RoofFamily;
  /** FLOP per byte moved. */
  intensity: number;
  gflops: number;
  /** Fraction of the profile's time in this node (sizes the dot). */
  share: number;
  /** Achieved / attainable under its family's roofs (above 1: that roof estimate is low). */
  ofRoof: number | null;
}

/**
 * The runtime a node's kernel runs in: the builtin's wasm tiers (and its TypeScript ops) are
 * bounded by WebAssembly's roofs, its native tiers and every other engine's kernels by native ones.
 */
export function roofFamily(engine: string, n: Pick<ProfileNode, 'kernel'>): RoofFamily {
  if (engine !== 'builtin') return 'native';
  return n.kernel.tier?.startsWith('native') ? 'native' : 'wasm';
}

/**
 * The roofs of one family at a thread count. wasm: the one-thread SIMD peak × threads and
 * the wasm triad; native: ORT's GEMM at the nearest measured thread count at or below, and
 * ORT's read bandwidth.
 */
export function roofsFor(
  peaks: MachinePeaks | null,
  family: RoofFamily,
  threads: number | null,
): Roofs | null {
  if (!peaks) return null;
  const t = Math.max(1, threads ?? 1);
  if (family === 'wasm') {
    const peak = peaks.wasm.simd_fp32_gflops * t;
    const bw = peaks.wasm.triad_gbps;
    return {
      family,
      bandwidthGbps: bw,
      peakGflops: peak,
      ridge: bw > 0 ? peak / bw : 0,
      bandwidthLabel: `wasm triad ${bw.toFixed(1)} GB/s`,
      peakLabel: `wasm SIMD fp32 ${peak.toFixed(1)} GFLOP/s${t > 1 ? ` (${t} threads × one-thread peak)` : ''}`,
    };
  }
  if (!peaks.ort) return null;
  const gemm = [...peaks.ort.gemm].sort((a, b) => a.threads - b.threads);
  const pick = gemm.filter((g) => g.threads <= t).at(-1) ?? gemm[0];
  if (!pick) return null;
  const bw = peaks.ort.bandwidth_gbps;
  return {
    family,
    bandwidthGbps: bw,
    peakGflops: pick.gflops,
    ridge: bw > 0 ? pick.gflops / bw : 0,
    bandwidthLabel: `${peaks.ort.bandwidth_probe}: ${bw.toFixed(1)} GB/s`,
    peakLabel: `native GEMM (ORT, ${pick.threads} thread${pick.threads > 1 ? 's' : ''}) ${pick.gflops.toFixed(1)} GFLOP/s`,
  };
}

/** Attainable GFLOP/s at an intensity under the roofs. */
export function attainable(roofs: Roofs, intensity: number): number {
  return Math.min(roofs.peakGflops, roofs.bandwidthGbps * intensity);
}

/** Most points a roofline draws: the nodes with the most time (a chart of 20,000 dots says nothing more). */
export const ROOFLINE_MAX_POINTS = 1500;

/**
 * Executed nodes with counted FLOPs and bytes as roofline points (the `maxPoints` with the
 * most time, and how many were left out) and the roofs of each runtime its nodes ran in (a
 * builtin profile with native and wasm kernels has both).
 */
export function rooflineView(
  profile: Pick<ProfileFile, 'nodes' | 'peaks' | 'engine' | 'config' | 'total_us'>,
  maxPoints = ROOFLINE_MAX_POINTS,
): { roofs: Roofs[]; points: RooflinePoint[]; omitted: number } {
  const points: RooflinePoint[] = [];
  const families = new Set<RoofFamily>();
  const roofs = new Map<RoofFamily, Roofs | null>();
  const roofOf = (f: RoofFamily): Roofs | null => {
    if (!roofs.has(f)) roofs.set(f, roofsFor(profile.peaks, f, profile.config.threads));
    return roofs.get(f)!;
  };
  profile.nodes.forEach((n, i) => {
    if (n.status !== 'executed' || !n.flops || !n.bytes || !n.gflops) return;
    const family = roofFamily(profile.engine, n);
    families.add(family);
    const intensity = n.flops / n.bytes;
    const roof = roofOf(family);
    points.push({
      node: i,
      name: n.name,
      opType: n.op_type,
      kernel: n.kernel.impl,
      family,
      intensity,
      gflops: n.gflops,
      share: profile.total_us > 0 ? n.total_us / profile.total_us : 0,
      ofRoof: roof ? n.gflops / attainable(roof, intensity) : null,
    });
  });
  const shown = [...families]
    .sort()
    .map(roofOf)
    .filter((r): r is Roofs => r !== null);
  if (points.length <= maxPoints) return { roofs: shown, points, omitted: 0 };
  const kept = [...points].sort((a, b) => b.share - a.share).slice(0, maxPoints);
  return { roofs: shown, points: kept, omitted: points.length - kept.length };
}
