import type { NodeStatus, ProfileSource } from '../../api/names';
import type { Timeline } from '../../api/schemas/profile';
import { importError } from '../../bench/import/import-common';
import { NO_CONFIG, NO_MODEL, type RawNode, type RawProfile } from '../raw-profile';
import { openvinoKernel } from './openvino-kernel';
import type { ImportContext } from './profile-importer';

/**
 * benchmark_app's per-layer counters, whatever the spelling (console table, report CSV, report
 * JSON): blocks of rows, one block per infer request (detailed) or one averaged block, each
 * row the layer's counters of that request's last inference, each block with its own Total.
 */

export interface CounterRow {
  name: string;
  status: NodeStatus;
  layerType: string;
  execType: string;
  realMs: number;
  cpuMs: number | null;
}

export interface CounterBlock {
  rows: CounterRow[];
  /** The block's own "Total" real time in ms, when the file prints one. */
  totalMs: number | null;
  /** Where the block starts, for messages. */
  place: string;
}

export interface CounterOptions {
  source: ProfileSource;
  /** One averaged block (average_counters), not one block per request. */
  averaged: boolean;
  /** Rows sorted by time (-pcsort), not in execution order. */
  sorted: boolean;
  /** Names are cut by the console table (it prints at most 16–25 characters and "..."). */
  truncatedNames: boolean;
}

/** Rows of every block joined into nodes: a node's k-th sample is its row in block k. */
export function countersProfile(
  blocks: CounterBlock[],
  ctx: ImportContext,
  opts: CounterOptions,
): RawProfile {
  if (blocks.length === 0)
    throw importError(ctx, 'whole file', 'at least one block of per-layer counters');
  const notes: string[] = [];
  const nodes = new Map<string, RawNode>();
  const order: string[] = [];
  blocks.forEach((block) => {
    if (block.rows.length === 0)
      throw importError(ctx, block.place, 'at least one layer row before the block ends');
    const seen = new Map<string, number>();
    let sum = 0;
    for (const r of block.rows) {
      // Join by name and occurrence, so a name printed twice (truncated) keeps its place.
      const k = (seen.get(r.name) ?? 0) + 1;
      seen.set(r.name, k);
      const key = k === 1 ? r.name : `${r.name}#${k}`;
      let n = nodes.get(key);
      if (!n) {
        n = {
          name: r.name,
          opType: r.layerType,
          originals: null,
          status: r.status,
          kernel: openvinoKernel(r.execType, r.layerType),
          samplesMs: [],
          cpuMs: r.cpuMs === null ? null : [],
          threads: null,
          inputNames: null,
          outputNames: null,
          inputs: [],
          outputs: [],
        };
        nodes.set(key, n);
        order.push(key);
      }
      if (r.status === 'executed') n.status = 'executed';
      n.samplesMs.push(r.realMs);
      if (n.cpuMs && r.cpuMs !== null) n.cpuMs.push(r.cpuMs);
      sum += r.realMs;
    }
    // Half the printed unit (0.001 ms): rows and Total both come from whole microseconds.
    if (block.totalMs !== null && Math.abs(block.totalMs - sum) > 5e-4) {
      notes.push(
        `${block.place}: the rows sum to ${sum.toFixed(3)} ms, the file's Total says ${block.totalMs} ms`,
      );
    }
  });
  const totals = blocks.map((b) => b.totalMs).filter((t): t is number => t !== null);
  if (totals.length)
    notes.push(
      `the file's own Total per ${opts.averaged ? 'averaged request' : 'request'}: ${totals.map((t) => `${t} ms`).join(', ')}`,
    );
  if (opts.averaged)
    notes.push('counters averaged over infer requests by benchmark_app (average_counters)');
  else
    notes.push(
      `${blocks.length} infer request${blocks.length > 1 ? 's' : ''}: each block is the counters of that request's last inference`,
    );
  if (opts.sorted) notes.push('rows were sorted by time (-pcsort): order is not execution order');
  if (opts.truncatedNames)
    notes.push(
      'benchmark_app\'s console table cuts long layer names ("..."): names are as printed, so they may not match the model\'s',
    );
  const raw = order.map((k) => nodes.get(k)!);
  return {
    source: opts.source,
    sourceFiles: [ctx.fileName],
    createdAt: ctx.fallbackTimestamp,
    engine: 'openvino',
    engineVersion: null,
    model: NO_MODEL,
    config: NO_CONFIG,
    iterations: blocks.length,
    latenciesMs: null,
    nodes: raw,
    timeline: opts.sorted ? null : orderOnlyTimeline(raw),
    runtimeGraph: null,
    notes,
  };
}

/** Executed nodes one after another in file order, from their first sample: order, not time. */
export function orderOnlyTimeline(nodes: readonly RawNode[]): Timeline | null {
  let at = 0;
  const events: Timeline['events'] = [];
  nodes.forEach((n, i) => {
    const ms = n.samplesMs[0] ?? 0;
    if (n.status !== 'executed' || ms <= 0) return;
    events.push({ node: i, iteration: 0, lane: 0, start_us: at, dur_us: ms * 1000 });
    at += ms * 1000;
  });
  if (events.length === 0) return null;
  return {
    kind: 'order-only',
    lanes: [{ label: 'stream 0 (execution order)', stream: 0, thread: null }],
    iterations: [0],
    events,
  };
}
