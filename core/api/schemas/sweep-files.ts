import { z } from 'zod';
import { benchResultSchema } from './bench-result';
import { ENGINE_IDS, GRAPH_OPTIMIZATION_LEVELS, RUN_STATUSES } from '../names';
import { sweepConfigSchema } from './sweep-config';

/**
 * The files of a sweep folder (DESIGN.md, sweep storage; core/bench/sweep/sweep-store.ts
 * reads and writes them): sweep.json holds the config, the plan and the status;
 * results.jsonl one line per finished or failed cell.
 */

export const SWEEP_FILE_VERSION = 1;

/** One benchmark run of a sweep: a point of the grid, in one repeat. */
const cellSchema = z.object({
  /** Stable id from the cell's parameters: "dense|ort|s2|t2|seq64|b1|r0". */
  id: z.string(),
  variant: z.string(),
  engine: z.enum(ENGINE_IDS),
  streams: z.number().int().positive(),
  threads: z.number().int().positive(),
  seq: z.number().int().positive(),
  batch: z.number().int().positive(),
  /** 0-based repeat index. */
  repeat: z.number().int().nonnegative(),
  /** Absolute model path of the variant. */
  model: z.string(),
  sparse_rate: z.number().min(0).max(1).nullable(),
  graph_optimization: z.enum(GRAPH_OPTIMIZATION_LEVELS).nullable(),
});

export type SweepCell = z.infer<typeof cellSchema>;

/** A grid point that cannot run, with the reason; recorded once, not per repeat. */
const skippedCellSchema = z.object({
  /** The id without its repeat suffix: "dense|ort|s2|t1|seq64|b1". */
  id: z.string(),
  reason: z.string(),
});
export type SkippedCell = z.infer<typeof skippedCellSchema>;

/**
 * How the cells were ordered: 'interleaved' (a configuration at a time, repeats alternating
 * A B / B A) since plan order was recorded; 'passes' (each repeat a full pass over the grid)
 * for sweeps written before, which carry no field.
 */
export const PLAN_ORDERS = ['interleaved', 'passes'] as const;

const sweepPlanSchema = z.object({
  cells: z.array(cellSchema),
  skipped: z.array(skippedCellSchema),
  order: z.enum(PLAN_ORDERS).default('passes'),
});
export type SweepPlan = z.infer<typeof sweepPlanSchema>;

export const sweepMetaSchema = z.object({
  version: z.literal(SWEEP_FILE_VERSION),
  kind: z.literal('sparsescope-sweep'),
  name: z.string().nullable(),
  /** The config as loaded (model paths absolute). */
  config: sweepConfigSchema,
  /** The config file it came from, for people. */
  config_file: z.string().nullable(),
  plan: sweepPlanSchema,
  status: z.enum(RUN_STATUSES),
  created_at: z.string(),
  /** When the latest run (first or resumed) started. */
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** How many times the sweep was started (1 + resumes). */
  sessions: z.number().int().positive(),
});
export type SweepMeta = z.infer<typeof sweepMetaSchema>;

export const resultLineSchema = z.object({
  version: z.literal(SWEEP_FILE_VERSION),
  cell_id: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Why the cell failed: the worker's error, a crash, a timeout. */
  reason: z.string().optional(),
  result: benchResultSchema.optional(),
  finished_at: z.string(),
  /** Wall time of the cell, load and warm-up included (for ETAs). */
  elapsed_ms: z.number().nonnegative(),
});
export type ResultLine = z.infer<typeof resultLineSchema>;
