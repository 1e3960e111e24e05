import { UserError } from '../../api/errors';
import { RUN_LIMITS } from '../../api/limits';
import type { CellKeyField } from '../../api/names';
import type { SweepConfig } from '../../api/schemas/sweep-config';
import type { SkippedCell, SweepCell, SweepPlan } from '../../api/schemas/sweep-files';
import { pointId } from '../../views/point-key';

/** A cell's id: its grid point's id plus "|rN" for the repeat. */
export function cellId(c: Pick<SweepCell, CellKeyField | 'repeat'>): string {
  return `${pointId(c)}|r${c.repeat}`;
}

/**
 * The cells compared with each other: one configuration and repeat, every variant and engine
 * (they run back to back, so their ratios are paired).
 */
export function pairGroupId(
  c: Pick<SweepCell, 'streams' | 'threads' | 'seq' | 'batch' | 'repeat'>,
): string {
  return `s${c.streams}|t${c.threads}|seq${c.seq}|b${c.batch}|r${c.repeat}`;
}

/**
 * Every cell of the grid, in an order that cancels drift (DESIGN.md; the machine's speed
 * swings by tens of percent within seconds). A configuration (streams, threads, seq, batch)
 * is finished before the next starts; within it, the variants and engines being compared run
 * back to back, and the repeats are interleaved — A B, then B A, then A B … — so a cell and
 * its baseline are never minutes apart and neither always runs first. Points with fewer
 * threads than streams are skipped (each stream needs a thread) and listed with the reason.
 * The order is stored with the plan; resuming keeps it.
 */
export function planSweep(config: SweepConfig): SweepPlan {
  checkGridSize(config);
  const cells: SweepCell[] = [];
  const skipped: SkippedCell[] = [];
  for (const streams of config.streams) {
    for (const threads of config.threads) {
      for (const seq of config.seq) {
        for (const batch of config.batch) {
          const group = config.engines.flatMap((engine) =>
            config.variants.map((v) => ({
              v,
              point: { variant: v.label, engine, streams, threads, seq, batch },
            })),
          );
          if (threads < streams) {
            for (const { point } of group) {
              skipped.push({
                id: pointId(point),
                reason: `threads ${threads} < streams ${streams}: each stream needs at least one thread`,
              });
            }
            continue;
          }
          for (let repeat = 0; repeat < config.repeats; repeat++) {
            const order = repeat % 2 === 0 ? group : [...group].reverse();
            for (const { v, point } of order) {
              cells.push({
                id: cellId({ ...point, repeat }),
                ...point,
                repeat,
                model: v.model,
                sparse_rate:
                  v.overrides?.sparse_rate !== undefined
                    ? v.overrides.sparse_rate
                    : (config.sparse_rate ?? null),
                graph_optimization: v.overrides?.graph_optimization ?? null,
              });
            }
          }
        }
      }
    }
  }
  return { cells, skipped, order: 'interleaved' };
}

/**
 * Refuse a grid SparseScope could not run in a lifetime (or would spend a minute just
 * listing) before enumerating it: the count is a product, known at once.
 */
function checkGridSize(config: SweepConfig): void {
  const knobs = {
    streams: config.streams,
    threads: config.threads,
    seq: config.seq,
    batch: config.batch,
  };
  for (const [knob, values] of Object.entries(knobs)) {
    const max = RUN_LIMITS[knob as keyof typeof knobs];
    const bad = values.find((v) => v > max);
    if (bad !== undefined)
      throw new UserError(
        'BadConfig',
        `Sweep config, at ${knob}: expected values up to ${max.toLocaleString('en')}, got ${bad}.`,
      );
  }
  const lists = [config.variants, config.engines, ...Object.values(knobs)];
  const long = lists.find((l) => l.length > RUN_LIMITS.sweepListLength);
  if (long) {
    throw new UserError(
      'BadConfig',
      `Sweep config: a list has ${long.length.toLocaleString('en')} values; at most ${RUN_LIMITS.sweepListLength.toLocaleString('en')} per list.`,
    );
  }
  const cells = lists.reduce((n, l) => n * l.length, config.repeats);
  if (cells > RUN_LIMITS.sweepCells) {
    const factors = lists.map((l) => l.length).join(' × ');
    throw new UserError(
      'BadConfig',
      `The sweep would have ${cells.toLocaleString('en')} cells (${factors} × ${config.repeats} repeats); at most ${RUN_LIMITS.sweepCells.toLocaleString('en')}.`,
      'Sweep fewer values, or split the grid into several sweeps.',
    );
  }
}
