import { z } from 'zod';
import { RUN_LIMITS } from '../limits';
import { API_MODES, ENGINE_IDS, GRAPH_OPTIMIZATION_LEVELS } from '../names';
import { documented, upTo } from './key-docs';

/**
 * One benchmark run (`sparsescope bench`), as a file: the knobs of DESIGN.md's "Benchmark
 * semantics" with benchmark_app's meaning. JSON, version 1:
 *
 *   { "version": 1, "model": "bert-mini.onnx", "engine": "ort",
 *     "streams": 2, "threads": 2, "seq": 64, "time_s": 5 }
 *
 * The model path is relative to the config file. The bench command's flags are checked by this
 * same schema, so a knob means and is limited the same on the command line and in a file.
 */

export const RUN_CONFIG_VERSION = 1;

const count = (max: number) => z.number().int().min(1).max(max);

export const runConfigSchema = z
  .strictObject({
    version: documented(z.literal(RUN_CONFIG_VERSION), {
      text: 'Version of this file format.',
      range: '1',
      default: 'required',
      benchmarkApp: 'none (SparseScope file format)',
    }),
    model: documented(z.string().min(1).max(4096), {
      text: 'Model file (ONNX .onnx or OpenVINO IR .xml), relative to this config file.',
      range: 'a path to an existing model file',
      default: 'required',
      benchmarkApp: '-m',
      form: true,
    }),
    engine: documented(z.enum(ENGINE_IDS).optional(), {
      text: 'Inference engine that runs the model.',
      range: ENGINE_IDS.join(', '),
      default: 'ort',
      benchmarkApp: '-d (device; benchmark_app has one engine)',
      form: true,
    }),
    streams: documented(count(RUN_LIMITS.streams).optional(), {
      text: 'Independent inference streams, each a worker thread with its own session.',
      range: upTo(RUN_LIMITS.streams),
      default: '1',
      benchmarkApp: '-nstreams / NUM_STREAMS',
      form: true,
    }),
    threads: documented(count(RUN_LIMITS.threads).optional(), {
      text: 'Total inference threads, split evenly over the streams (at least one each).',
      range: `streams–${RUN_LIMITS.threads.toLocaleString('en')}`,
      default: 'all logical cores, at least one per stream',
      benchmarkApp: '-nthreads / INFERENCE_NUM_THREADS',
      form: true,
    }),
    nireq: documented(count(RUN_LIMITS.nireq).optional(), {
      text: 'Inference requests in flight; async spreads them over the streams, sync keeps one.',
      range: upTo(RUN_LIMITS.nireq),
      default: 'the stream count',
      benchmarkApp: '-nireq',
    }),
    api: documented(z.enum(API_MODES).optional(), {
      text: 'async keeps every stream busy; sync runs one request at a time overall.',
      range: API_MODES.join(' or '),
      default: 'async',
      benchmarkApp: '-api',
      form: true,
    }),
    batch: documented(count(RUN_LIMITS.batch).optional(), {
      text: 'Batch size: the first dimension of every [batch, seq] input.',
      range: upTo(RUN_LIMITS.batch),
      default: '1',
      benchmarkApp: '-b',
      form: true,
    }),
    seq: documented(count(RUN_LIMITS.seq).optional(), {
      text: 'Sequence length: the second dimension of every symbolic [batch, seq] input.',
      range: `${upTo(RUN_LIMITS.seq)} (at most the model’s positions)`,
      default: "128, or the model's positions if fewer",
      benchmarkApp: '-shape input_ids[1,SEQ],… (the sequence dimension)',
      form: true,
    }),
    shape: documented(z.string().min(1).max(4096).optional(), {
      text: 'Explicit input shapes, overriding batch and seq, e.g. "input_ids[1,64],attention_mask[1,64]".',
      range: 'NAME[d1,d2,…] separated by commas, or one [d1,d2,…] for every input',
      default: 'from batch and seq',
      benchmarkApp: '-shape',
    }),
    time_s: documented(z.number().positive().max(RUN_LIMITS.timeS).optional(), {
      text: 'Run length in seconds, after warm-up. Give time_s or niter, not both.',
      range: `> 0 – ${RUN_LIMITS.timeS.toLocaleString('en')}`,
      default: '10 when niter is absent',
      benchmarkApp: '-t',
      form: true,
    }),
    niter: documented(count(RUN_LIMITS.niter).optional(), {
      text: 'Run length in iterations over all streams, after warm-up. Give time_s or niter, not both.',
      range: upTo(RUN_LIMITS.niter),
      default: 'none (time_s applies)',
      benchmarkApp: '-niter',
      form: true,
    }),
    warmup: documented(z.number().int().min(0).max(RUN_LIMITS.warmup).optional(), {
      text: 'Warm-up iterations per stream, excluded from every figure (the first is reported apart).',
      range: upTo(RUN_LIMITS.warmup, 0),
      default: '1',
      benchmarkApp: 'none (benchmark_app reports the first inference apart and does not warm up)',
    }),
    sparse_rate: documented(z.number().min(0).max(1).nullable().optional(), {
      text: 'Pack a MatMul weight sparse when at least this fraction of it is zero (builtin engine; others ignore it and say so). null = never.',
      range: '0–1 (OpenVINO documents 0.5–1.0), or null',
      default: 'null (never)',
      benchmarkApp: 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE',
      form: true,
    }),
    variant: documented(z.string().min(1).max(64).nullable().optional(), {
      text: 'Label stored with the result, e.g. "dense" or "pruned-90".',
      range: '1–64 characters, or null',
      default: 'null (no label)',
      benchmarkApp: 'none',
    }),
    graph_optimization: documented(z.enum(GRAPH_OPTIMIZATION_LEVELS).optional(), {
      text: 'Graph optimisation level for engines that have one (ONNX Runtime).',
      range: GRAPH_OPTIMIZATION_LEVELS.join(', '),
      default: "the engine's own (ONNX Runtime: all)",
      benchmarkApp: 'none (OpenVINO always optimises)',
    }),
    seed: documented(z.number().int().min(0).max(4294967295).optional(), {
      text: 'Seed of the synthetic input feeds.',
      range: '0–4294967295',
      default: '0',
      benchmarkApp: 'none (benchmark_app fills inputs randomly)',
    }),
  })
  .refine((c) => c.time_s === undefined || c.niter === undefined, {
    message: 'only one of "time_s" or "niter" (the run length)',
    path: ['niter'],
  })
  .refine((c) => c.streams === undefined || c.threads === undefined || c.threads >= c.streams, {
    message: 'threads ≥ streams: each stream needs at least one thread',
    path: ['threads'],
  });
export type RunConfig = z.infer<typeof runConfigSchema>;
