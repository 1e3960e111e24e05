import type { BenchResult } from '../api/schemas/bench-result';
import type { Speedup } from '../api/sweep-summary';
import { computeSpeedups, inOrderRepeats } from './speedup';
import type { PairChoice } from './pairs';

export interface Selection {
  pair: PairChoice;
  /** Engine (when comparing variants) or variant (when comparing engines) to hold fixed. */
  other: string;
  batch: number;
}

export interface HeatmapCell {
  streams: number;
  threads: number;
  speedup: Speedup | null;
}

export interface Heatmap {
  streams: number[];
  threads: number[];
  /** Row-major: streams outer, threads inner. */
  cells: HeatmapCell[];
}

export interface SeqCurve {
  /** "s2·t2" */
  key: string;
  streams: number;
  threads: number;
  points: Array<{
    seq: number;
    speedup: number;
    min: number;
    max: number;
    pairs: number;
    ci: Speedup['ci'];
    withinNoise: boolean;
  }>;
}

/** Speedups of the selection at every configuration measured on both sides. */
export function selectionSpeedups(results: readonly BenchResult[], sel: Selection): Speedup[] {
  return computeSpeedups(
    inOrderRepeats(results, sel.pair.dimension),
    sel.pair.dimension,
    sel.pair.baseline,
  ).filter(
    (s) => s.subject === sel.pair.subject && s.key.other === sel.other && s.key.batch === sel.batch,
  );
}

/** Speedup for every streams × threads at one sequence length (the OpenVINO study's first view). */
export function speedupHeatmap(speedups: readonly Speedup[], seq: number): Heatmap {
  const atSeq = speedups.filter(
    (s) => s.key.seq === seq && s.key.streams !== null && s.key.threads !== null,
  );
  const streams = [...new Set(atSeq.map((s) => s.key.streams!))].sort((a, b) => a - b);
  const threads = [...new Set(atSeq.map((s) => s.key.threads!))].sort((a, b) => a - b);
  const cells: HeatmapCell[] = [];
  for (const st of streams) {
    for (const th of threads) {
      cells.push({
        streams: st,
        threads: th,
        speedup: atSeq.find((s) => s.key.streams === st && s.key.threads === th) ?? null,
      });
    }
  }
  return { streams, threads, cells };
}

/** Speedup against sequence length, one curve per streams/threads configuration (the second view). */
export function speedupBySeq(speedups: readonly Speedup[]): SeqCurve[] {
  const curves = new Map<string, SeqCurve>();
  for (const s of speedups) {
    const { streams, threads, seq } = s.key;
    if (streams === null || threads === null || seq === null) continue;
    const key = `s${streams}·t${threads}`;
    let c = curves.get(key);
    if (!c) curves.set(key, (c = { key, streams, threads, points: [] }));
    c.points.push({
      seq,
      speedup: s.speedup,
      min: s.min,
      max: s.max,
      pairs: s.pairs,
      ci: s.ci,
      withinNoise: s.within_noise,
    });
  }
  for (const c of curves.values()) c.points.sort((a, b) => a.seq - b.seq);
  return [...curves.values()].sort((a, b) => a.streams - b.streams || a.threads - b.threads);
}

/**
 * Diverging colour for a speedup, centred on 1.0 on a log scale: red below, blue above,
 * saturating at ×4 / ÷4. Returns an HSL string the renderer can use in both themes.
 */
export function speedupColor(speedup: number): string {
  const t = Math.max(-1, Math.min(1, Math.log2(speedup) / 2));
  const hue = t >= 0 ? 212 : 4;
  const lightness = 92 - Math.abs(t) * 45;
  const saturation = 20 + Math.abs(t) * 60;
  return `hsl(${hue} ${saturation.toFixed(0)}% ${lightness.toFixed(0)}%)`;
}
