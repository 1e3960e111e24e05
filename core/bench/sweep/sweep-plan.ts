import type { SweepConfig } from '../../config/sweep-config';
import type { EngineId } from '../../engines/engine';

/** One benchmark run of a sweep: a point of the grid, in one repeat. */
export interface SweepCell {
  /** Stable id from the cell's parameters: "dense|ort|s2|t2|seq64|b1|r0". */
  id: string;
  variant: string;
  engine: EngineId;
  streams: number;
  threads: number;
  seq: number;
  batch: number;
  /** 0-based; each repeat is a full pass over the grid. */
  repeat: number;
  /** Absolute model path of the variant. */
  model: string;
  sparse_rate: number | null;
  graph_optimization: 'disabled' | 'basic' | 'extended' | 'all' | null;
}

/** A grid point that cannot run, with the reason; recorded once, not per repeat. */
export interface SkippedCell {
  /** The id without its repeat suffix: "dense|ort|s2|t1|seq64|b1". */
  id: string;
  reason: string;
}

export interface SweepPlan {
  cells: SweepCell[];
  skipped: SkippedCell[];
}

/** The id of a grid point (no repeat): the cell id minus "|rN". */
export function pointId(
  c: Pick<SweepCell, 'variant' | 'engine' | 'streams' | 'threads' | 'seq' | 'batch'>,
): string {
  return `${c.variant}|${c.engine}|s${c.streams}|t${c.threads}|seq${c.seq}|b${c.batch}`;
}

export function cellId(
  c: Omit<SweepCell, 'id' | 'model' | 'sparse_rate' | 'graph_optimization'>,
): string {
  return `${pointId(c)}|r${c.repeat}`;
}

/**
 * Every cell of the grid, in run order: repeat outermost (each repeat a full pass, so repeat r
 * of every cell ran at about the same time), then streams, threads, seq, batch, and engine and
 * variant innermost, so the cells a speedup compares run back to back. Points with fewer
 * threads than streams are skipped (each stream needs a thread) and listed with the reason.
 */
export function planSweep(config: SweepConfig): SweepPlan {
  const cells: SweepCell[] = [];
  const skipped: SkippedCell[] = [];
  for (let repeat = 0; repeat < config.repeats; repeat++) {
    for (const streams of config.streams) {
      for (const threads of config.threads) {
        for (const seq of config.seq) {
          for (const batch of config.batch) {
            for (const engine of config.engines) {
              for (const v of config.variants) {
                const point = { variant: v.label, engine, streams, threads, seq, batch };
                if (threads < streams) {
                  if (repeat === 0) {
                    skipped.push({
                      id: pointId(point),
                      reason: `threads ${threads} < streams ${streams}: each stream needs at least one thread`,
                    });
                  }
                  continue;
                }
                const rate =
                  v.overrides?.sparse_rate !== undefined
                    ? v.overrides.sparse_rate
                    : (config.sparse_rate ?? null);
                cells.push({
                  id: cellId({ ...point, repeat }),
                  ...point,
                  repeat,
                  model: v.model,
                  sparse_rate: rate,
                  graph_optimization: v.overrides?.graph_optimization ?? null,
                });
              }
            }
          }
        }
      }
    }
  }
  return { cells, skipped };
}
