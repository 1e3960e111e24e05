import type { ProfileFile } from '../../api/schemas/profile';
import { kernelLabel } from '../../views/profile-aggregate';

/**
 * Chrome trace JSON (the Trace Event Format that chrome://tracing and Perfetto's JSON
 * importer read): complete events (ph "X") with name, cat, ts, dur (µs), pid, tid, args;
 * metadata events (ph "M") naming each process (a stream) and thread (a lane). The
 * profile's timeline gives the events; a profile without one (counters imports) gets its
 * nodes laid end to end by mean time, in execution order, marked as such.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  args: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

export function toChromeTrace(profile: ProfileFile): ChromeTrace {
  const events: TraceEvent[] = [];
  const t = profile.timeline;
  const lanes = t?.lanes ?? [{ label: 'execution order (mean times)', stream: 0, thread: null }];
  const pidOf = (stream: number | null) => (stream ?? 0) + 1;
  const streams = new Set(lanes.map((l) => l.stream ?? 0));
  for (const s of streams)
    events.push({
      name: 'process_name',
      ph: 'M',
      pid: pidOf(s),
      tid: 0,
      args: { name: `${profile.engine} stream ${s}` },
    });
  lanes.forEach((l, i) =>
    events.push({
      name: 'thread_name',
      ph: 'M',
      pid: pidOf(l.stream),
      tid: i + 1,
      args: { name: l.label },
    }),
  );
  const complete = (
    node: number,
    iteration: number,
    lane: number,
    ts: number,
    dur: number,
  ): void => {
    const n = profile.nodes[node];
    if (!n) return;
    events.push({
      name: n.name,
      cat: n.op_type,
      ph: 'X',
      ts,
      dur,
      pid: pidOf(lanes[lane]?.stream ?? 0),
      tid: lane + 1,
      args: {
        op_type: n.op_type,
        kernel: kernelLabel(n),
        exec_type: n.kernel.exec_type,
        iteration,
        originals: n.originals,
        mean_ms: n.time_ms.mean,
      },
    });
  };
  if (t) for (const e of t.events) complete(e.node, e.iteration, e.lane, e.start_us, e.dur_us);
  else {
    let at = 0;
    profile.nodes.forEach((n, i) => {
      if (n.status !== 'executed' || n.time_ms.mean <= 0) return;
      complete(i, 0, 0, at, n.time_ms.mean * 1000);
      at += n.time_ms.mean * 1000;
    });
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: {
      producer: 'sparsescope',
      engine: profile.engine,
      model: profile.model.path ?? '',
      timeline: t ? t.kind : 'order-only (mean times end to end)',
    },
  };
}

/**
 * Structural check of a trace (what the tests and `profile --trace` rely on): every event an
 * object with the fields its phase needs, of the right types. Returns the problems found.
 */
export function checkChromeTrace(doc: unknown): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as ChromeTrace).traceEvents))
    return ['expected an object with a "traceEvents" list'];
  (doc as ChromeTrace).traceEvents.forEach((e: unknown, i) => {
    const at = `traceEvents[${i}]`;
    if (typeof e !== 'object' || e === null) return void problems.push(`${at}: not an object`);
    const ev = e as Record<string, unknown>;
    if (typeof ev.name !== 'string' || ev.name === '')
      problems.push(`${at}: name must be a non-empty string`);
    if (!Number.isInteger(ev.pid) || !Number.isInteger(ev.tid))
      problems.push(`${at}: pid and tid must be integers`);
    if (ev.ph === 'X') {
      if (typeof ev.ts !== 'number' || !Number.isFinite(ev.ts) || ev.ts < 0)
        problems.push(`${at}: ts must be a number ≥ 0`);
      if (typeof ev.dur !== 'number' || !Number.isFinite(ev.dur) || ev.dur < 0)
        problems.push(`${at}: dur must be a number ≥ 0`);
      if (typeof ev.cat !== 'string') problems.push(`${at}: cat must be a string`);
    } else if (ev.ph === 'M') {
      if (!['process_name', 'thread_name'].includes(ev.name as string))
        problems.push(`${at}: unknown metadata event`);
      if (typeof (ev.args as Record<string, unknown> | undefined)?.name !== 'string')
        problems.push(`${at}: metadata needs args.name`);
    } else problems.push(`${at}: ph must be "X" or "M"`);
    if (ev.args !== undefined && (typeof ev.args !== 'object' || ev.args === null))
      problems.push(`${at}: args must be an object`);
  });
  return problems;
}
