import { z } from 'zod';
import { API_MODES, ENGINE_IDS, GRAPH_OPTIMIZATION_LEVELS } from '../names';

/**
 * A sweep configuration: the grid of benchmark cells to run (DESIGN.md, "Benchmark semantics"
 * and sweep storage). JSON, version 1:
 *
 *   { "version": 1, "name": "dense vs sparse",
 *     "variants": [{ "label": "dense", "model": "dense.onnx" },
 *                  { "label": "sparse", "model": "sparse.onnx", "overrides": { "sparse_rate": 0.75 } }],
 *     "engines": ["ort"], "streams": [1, 2], "threads": [1, 2], "seq": [64], "batch": [1],
 *     "niter": 50, "warmup": 2, "repeats": 3, "cell_timeout_s": 120 }
 *
 * Model paths are relative to the config file. Exactly one of time_s / niter gives each
 * cell's run length. `sparse_rate` applies to every variant unless a variant overrides it.
 */

export const SWEEP_CONFIG_VERSION = 1;

/** Labels end up in cell ids ("dense|ort|s2|t2|seq64|b1|r0"), so no "|" or spaces. */
const label = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/,
    'a label of letters, digits, ".", "_", "+", "-" (1–64 characters, starting with a letter or digit)',
  );

const positiveInt = z.number().int().positive();
const sparseRate = z.number().min(0).max(1).nullable();

function uniqueList<T extends z.ZodType<number | string>>(item: T, what: string) {
  return z
    .array(item)
    .min(1, `at least one ${what}`)
    .refine((xs) => new Set(xs).size === xs.length, `${what} values without duplicates`);
}

export const sweepVariantSchema = z.strictObject({
  label,
  /** Model file, relative to the config file (absolute after loading). */
  model: z.string().min(1),
  /** Engine settings that differ for this variant. */
  overrides: z
    .strictObject({
      sparse_rate: sparseRate.optional(),
      graph_optimization: z.enum(GRAPH_OPTIMIZATION_LEVELS).optional(),
    })
    .optional(),
});
export type SweepVariant = z.infer<typeof sweepVariantSchema>;

export const sweepConfigSchema = z
  .strictObject({
    version: z.literal(SWEEP_CONFIG_VERSION),
    name: z.string().max(200).optional(),
    variants: z
      .array(sweepVariantSchema)
      .min(1, 'at least one variant')
      .refine(
        (vs) => new Set(vs.map((v) => v.label)).size === vs.length,
        'variant labels without duplicates',
      ),
    engines: uniqueList(z.enum(ENGINE_IDS), 'engine'),
    streams: uniqueList(positiveInt, 'stream count'),
    threads: uniqueList(positiveInt, 'thread count'),
    seq: uniqueList(positiveInt, 'sequence length'),
    batch: uniqueList(positiveInt, 'batch size'),
    time_s: z.number().positive().optional(),
    niter: positiveInt.optional(),
    warmup: z.number().int().nonnegative().optional(),
    repeats: positiveInt.default(1),
    api: z.enum(API_MODES).optional(),
    sparse_rate: sparseRate.optional(),
    cell_timeout_s: z.number().positive().optional(),
  })
  .refine((c) => (c.time_s === undefined) !== (c.niter === undefined), {
    message: 'exactly one of "time_s" or "niter" (the run length of every cell)',
    path: ['time_s'],
  });
export type SweepConfig = z.infer<typeof sweepConfigSchema>;
