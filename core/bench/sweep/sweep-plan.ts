import type { CellKeyField } from '../../api/names';
import type { SweepConfig } from '../../api/schemas/sweep-config';
import type { SkippedCell, SweepCell, SweepPlan } from '../../api/schemas/sweep-files';
import { pointId } from '../../views/point-key';

/** A cell's id: its grid point's id plus "|rN" for the repeat. */
export function cellId(c: Pick<SweepCell, CellKeyField | 'repeat'>): string {
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
