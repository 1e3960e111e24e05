import type { ProfileFile } from '../api/schemas/profile';

/** One node run on a lane, ready to draw: times in µs from the start of the shown span. */
export interface TimelineBar {
  /** Index into profile.nodes (the row the bar links to). */
  node: number;
  name: string;
  opType: string;
  iteration: number;
  startUs: number;
  durUs: number;
}

export interface TimelineLaneView {
  label: string;
  bars: TimelineBar[];
}

export interface TimelineView {
  kind: NonNullable<ProfileFile['timeline']>['kind'];
  lanes: TimelineLaneView[];
  /** Span of every bar shown, µs. */
  startUs: number;
  endUs: number;
  iterations: number[];
}

/**
 * The per-thread timeline of a profile: its lanes with their bars, optionally only one
 * iteration, bars sorted by start. null when the profile has no timeline.
 */
export function timelineView(
  profile: Pick<ProfileFile, 'timeline' | 'nodes'>,
  iteration: number | null = null,
): TimelineView | null {
  const t = profile.timeline;
  if (!t || t.events.length === 0) return null;
  const lanes: TimelineLaneView[] = t.lanes.map((l) => ({ label: l.label, bars: [] }));
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const e of t.events) {
    if (iteration !== null && e.iteration !== iteration) continue;
    const lane = lanes[e.lane];
    const node = profile.nodes[e.node];
    if (!lane || !node) continue;
    lane.bars.push({
      node: e.node,
      name: node.name,
      opType: node.op_type,
      iteration: e.iteration,
      startUs: e.start_us,
      durUs: e.dur_us,
    });
    startUs = Math.min(startUs, e.start_us);
    endUs = Math.max(endUs, e.start_us + e.dur_us);
  }
  if (startUs === Infinity) return null;
  for (const lane of lanes) lane.bars.sort((a, b) => a.startUs - b.startUs);
  return {
    kind: t.kind,
    lanes: lanes.filter((l) => l.bars.length > 0),
    startUs,
    endUs,
    iterations: iteration === null ? t.iterations : [iteration],
  };
}

/** The bars of one lane that overlap [fromUs, toUs]: what a zoomed view draws (binary search). */
export function barsInWindow(
  bars: readonly TimelineBar[],
  fromUs: number,
  toUs: number,
): TimelineBar[] {
  // Bars are sorted by start; none is longer than the longest, so start from (from − longest).
  let longest = 0;
  for (const b of bars) longest = Math.max(longest, b.durUs);
  let lo = 0;
  let hi = bars.length;
  const first = fromUs - longest;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.startUs < first) lo = mid + 1;
    else hi = mid;
  }
  const out: TimelineBar[] = [];
  for (let i = lo; i < bars.length && bars[i]!.startUs <= toUs; i++) {
    const b = bars[i]!;
    if (b.startUs + b.durUs >= fromUs) out.push(b);
  }
  return out;
}
