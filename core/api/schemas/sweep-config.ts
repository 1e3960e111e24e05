import { z } from 'zod';
import { API_MODES, ENGINE_IDS, GRAPH_OPTIMIZATION_LEVELS } from '../names';
import { RUN_LIMITS } from '../limits';
import { documented, upTo } from './key-docs';

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
const SPARSE_RATE_DOC = {
  text: 'Pack a MatMul weight sparse when at least this fraction of it is zero (builtin engine; others ignore it and say so). null = never.',
  range: '0–1 (OpenVINO documents 0.5–1.0), or null',
  benchmarkApp: 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE',
};

function uniqueList<T extends z.ZodType<number | string>>(item: T, what: string) {
  return z
    .array(item)
    .min(1, `at least one ${what}`)
    .max(RUN_LIMITS.sweepListLength, `at most ${RUN_LIMITS.sweepListLength} values`)
    .refine((xs) => new Set(xs).size === xs.length, `${what} values without duplicates`);
}

export const sweepVariantSchema = z.strictObject({
  label: documented(label, {
    text: 'Name of this variant in cell ids, tables and charts, e.g. "dense" or "sparse80".',
    range: 'letters, digits, ".", "_", "+", "-"; 1–64 characters',
    default: 'required',
    benchmarkApp: 'none',
  }),
  /** Model file, relative to the config file (absolute after loading). */
  model: documented(z.string().min(1), {
    text: 'Model file (ONNX .onnx or OpenVINO IR .xml), relative to this config file.',
    range: 'a path to an existing model file',
    default: 'required',
    benchmarkApp: '-m',
  }),
  /** Engine settings that differ for this variant. */
  overrides: documented(
    z
      .strictObject({
        sparse_rate: documented(sparseRate.optional(), {
          ...SPARSE_RATE_DOC,
          default: 'the sweep’s sparse_rate',
        }),
        graph_optimization: documented(z.enum(GRAPH_OPTIMIZATION_LEVELS).optional(), {
          text: 'Graph optimisation level for engines that have one (ONNX Runtime).',
          range: GRAPH_OPTIMIZATION_LEVELS.join(', '),
          default: "the engine's own (ONNX Runtime: all)",
          benchmarkApp: 'none (OpenVINO always optimises)',
        }),
      })
      .optional(),
    {
      text: 'Engine settings that differ for this variant.',
      range: 'sparse_rate, graph_optimization',
      default: 'none',
      benchmarkApp: 'none',
    },
  ),
});
export type SweepVariant = z.infer<typeof sweepVariantSchema>;

export const sweepConfigSchema = z
  .strictObject({
    version: documented(z.literal(SWEEP_CONFIG_VERSION), {
      text: 'Version of this file format.',
      range: '1',
      default: 'required',
      benchmarkApp: 'none (SparseScope file format)',
    }),
    name: documented(z.string().max(200).optional(), {
      text: 'Name shown in the run history.',
      range: '0–200 characters',
      default: 'none',
      benchmarkApp: 'none',
      form: true,
    }),
    variants: documented(
      z
        .array(sweepVariantSchema)
        .min(1, 'at least one variant')
        .max(RUN_LIMITS.sweepListLength, `at most ${RUN_LIMITS.sweepListLength} variants`)
        .refine(
          (vs) => new Set(vs.map((v) => v.label)).size === vs.length,
          'variant labels without duplicates',
        ),
      {
        text: 'The models to compare; speedups read as each variant over the first.',
        range: 'one or more, distinct labels',
        default: 'required',
        benchmarkApp: '-m (one per benchmark_app run)',
      },
    ),
    engines: documented(uniqueList(z.enum(ENGINE_IDS), 'engine'), {
      text: 'Engines every variant runs on.',
      range: `one or more of ${ENGINE_IDS.join(', ')}`,
      default: 'required',
      benchmarkApp: '-d (device)',
      form: true,
    }),
    streams: documented(uniqueList(positiveInt.max(RUN_LIMITS.streams), 'stream count'), {
      text: 'Stream counts of the grid: independent streams, each a worker thread with its own session.',
      range: `distinct integers ${upTo(RUN_LIMITS.streams)}`,
      default: 'required',
      benchmarkApp: '-nstreams / NUM_STREAMS',
      form: true,
    }),
    threads: documented(uniqueList(positiveInt.max(RUN_LIMITS.threads), 'thread count'), {
      text: 'Total thread counts of the grid, split evenly over the streams; cells with threads < streams are skipped.',
      range: `distinct integers ${upTo(RUN_LIMITS.threads)}`,
      default: 'required',
      benchmarkApp: '-nthreads / INFERENCE_NUM_THREADS',
      form: true,
    }),
    seq: documented(uniqueList(positiveInt.max(RUN_LIMITS.seq), 'sequence length'), {
      text: 'Sequence lengths of the grid: the second dimension of every [batch, seq] input.',
      range: `distinct integers ${upTo(RUN_LIMITS.seq)} (at most the model’s positions)`,
      default: 'required',
      benchmarkApp: '-shape input_ids[1,SEQ],… (the sequence dimension)',
      form: true,
    }),
    batch: documented(uniqueList(positiveInt.max(RUN_LIMITS.batch), 'batch size'), {
      text: 'Batch sizes of the grid.',
      range: `distinct integers ${upTo(RUN_LIMITS.batch)}`,
      default: 'required',
      benchmarkApp: '-b',
      form: true,
    }),
    time_s: documented(z.number().positive().max(RUN_LIMITS.timeS).optional(), {
      text: 'Seconds each cell runs after warm-up. Give time_s or niter, not both.',
      range: `> 0 – ${RUN_LIMITS.timeS.toLocaleString('en')}`,
      default: 'none (give time_s or niter)',
      benchmarkApp: '-t',
      form: true,
    }),
    niter: documented(positiveInt.max(RUN_LIMITS.niter).optional(), {
      text: 'Iterations each cell runs after warm-up. Give time_s or niter, not both.',
      range: upTo(RUN_LIMITS.niter),
      default: 'none (give time_s or niter)',
      benchmarkApp: '-niter',
      form: true,
    }),
    warmup: documented(z.number().int().nonnegative().max(RUN_LIMITS.warmup).optional(), {
      text: 'Warm-up iterations per stream, excluded from every figure.',
      range: upTo(RUN_LIMITS.warmup, 0),
      default: '1',
      benchmarkApp: 'none (benchmark_app reports the first inference apart and does not warm up)',
    }),
    repeats: documented(positiveInt.max(1000).default(1), {
      text: 'How often the whole grid runs; the median over repeats is reported with its spread.',
      range: '1–1000',
      default: '1',
      benchmarkApp: 'none (run benchmark_app several times)',
      form: true,
    }),
    api: documented(z.enum(API_MODES).optional(), {
      text: 'async keeps every stream busy; sync runs one request at a time overall.',
      range: API_MODES.join(' or '),
      default: 'async',
      benchmarkApp: '-api',
    }),
    sparse_rate: documented(sparseRate.optional(), {
      ...SPARSE_RATE_DOC,
      default: 'null (never)',
      form: true,
    }),
    profile: documented(z.boolean().optional(), {
      text: 'Also store one per-node profile per cell (profiles/<cell>.json beside results.jsonl), measured in its own iterations after the cell so its throughput is not perturbed.',
      range: 'true or false',
      default: 'false',
      benchmarkApp: '-pc (per-layer counters)',
    }),
    cell_timeout_s: documented(z.number().positive().max(RUN_LIMITS.timeS).optional(), {
      text: 'A cell that takes longer (load included) is recorded as failed and the sweep goes on.',
      range: `> 0 – ${RUN_LIMITS.timeS.toLocaleString('en')}`,
      default: '120 s plus twice the run length',
      benchmarkApp: 'none',
    }),
  })
  .refine((c) => (c.time_s === undefined) !== (c.niter === undefined), {
    message: 'exactly one of "time_s" or "niter" (the run length of every cell)',
    path: ['time_s'],
  });
export type SweepConfig = z.infer<typeof sweepConfigSchema>;
