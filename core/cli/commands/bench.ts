import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from '../../bench/bench-options';
import { benchResultSchema, type BenchResult } from '../../api/schemas/bench-result';
import { runBenchmark } from '../../bench/run-benchmark';
import { parseShapeSpec } from '../../model/shape-spec';
import {
  configKnobs,
  readBenchmarkAppConfig,
  withKnobs,
  writeBenchmarkAppConfig,
  type BenchmarkAppConfig,
} from '../../config/benchmark-app-config';
import { API_MODES, ENGINE_IDS } from '../../api/names';
import { UsageError, type Command } from '../command';
import { choiceFlag, engineFlag, numberFlag, requiredString } from '../flags';

const USAGE = `sparsescope bench -m MODEL [--engine ${ENGINE_IDS.join('|')}] [--seq N] [--batch N]
         [--streams N] [--threads N] [--nireq N] [--api ${API_MODES.join('|')}] [--time S | --niter N]
         [--warmup N] [--shape "input_ids[1,64],..."] [--sparse-rate R] [--variant NAME]
         [--load-config FILE] [--dump-config FILE] [--json]

  Runs like OpenVINO benchmark_app: streams are worker threads with their own session;
  --threads (default: all cores, at least one per stream) is split evenly over them;
  --nireq defaults to the stream count. Default run: 10 s after 1 warm-up iteration per
  stream; --seq defaults to 128 (or the model's positions if fewer). --load-config reads
  benchmark_app's -load_config JSON (NUM_STREAMS, INFERENCE_NUM_THREADS,
  CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE); flags override it. --dump-config writes this
  run's config in the same form after a successful run.`;

function fmt(ms: number | null): string {
  return ms === null ? 'n/a' : `${ms.toFixed(2)} ms`;
}

/** benchmark_app's summary, then SparseScope's extras and notes. */
export function formatBenchText(r: BenchResult): string {
  const c = r.config;
  const shapes = c.shapes
    ? Object.entries(c.shapes)
        .map(([n, d]) => `${n}[${d.join(',')}]`)
        .join(',')
    : 'n/a';
  const l = r.latency_ms;
  const lines = [
    `[ INFO ] Engine:           ${r.engine} ${r.engine_version ?? ''}`.trimEnd(),
    `[ INFO ] Model:            ${r.model.path ?? 'n/a'}`,
    `[ INFO ] Streams: ${c.streams}, threads: ${c.threads}, nireq: ${c.nireq}, api: ${c.api}, shapes: ${shapes}`,
    `[ INFO ] Load time:        ${fmt(r.load_ms)}`,
    `[ INFO ] First inference:  ${fmt(r.first_inference_ms)}`,
    `[ INFO ] Count:            ${r.count ?? 'n/a'} iterations`,
    `[ INFO ] Duration:         ${fmt(r.duration_ms)}`,
    `[ INFO ] Latency:`,
    `[ INFO ]    Median:        ${fmt(l.median)}`,
    `[ INFO ]    Average:       ${fmt(l.avg)}`,
    `[ INFO ]    Min:           ${fmt(l.min)}`,
    `[ INFO ]    Max:           ${fmt(l.max)}`,
    `[ INFO ]    P90:           ${fmt(l.p90)}`,
    `[ INFO ]    P99:           ${fmt(l.p99)}`,
    `[ INFO ] Peak RSS:         ${r.peak_rss_mb === null ? 'n/a' : `${r.peak_rss_mb.toFixed(1)} MB`}`,
    `[ INFO ] Throughput:   ${r.throughput_fps.toFixed(2)} FPS`,
    ...r.notes.map((n) => `[ WARNING ] ${n}`),
  ];
  return lines.join('\n') + '\n';
}

function intFlag(values: Record<string, unknown>, name: string, min = 1): number | undefined {
  return numberFlag(values, name, { min, integer: true });
}

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Benchmark a model like benchmark_app: streams × threads, throughput and latency',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    engine: { type: 'string' },
    seq: { type: 'string' },
    batch: { type: 'string' },
    streams: { type: 'string' },
    threads: { type: 'string' },
    nireq: { type: 'string' },
    api: { type: 'string' },
    time: { type: 'string' },
    niter: { type: 'string' },
    warmup: { type: 'string' },
    shape: { type: 'string' },
    'sparse-rate': { type: 'string' },
    variant: { type: 'string' },
    'load-config': { type: 'string' },
    'dump-config': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const modelPath = requiredString(values, 'model', '-m/--model MODEL');
    const engine = engineFlag(values, 'ort');
    const api = choiceFlag(values, 'api', API_MODES, 'async');
    if (values.time !== undefined && values.niter !== undefined) {
      throw new UsageError('Give --time or --niter, not both.');
    }
    const time = numberFlag(values, 'time', { min: 0 });
    if (time === 0) throw new UsageError('--time expects a number of seconds > 0, got "0".');

    let config: BenchmarkAppConfig | undefined;
    const loadConfig = values['load-config'] as string | undefined;
    const fromConfig = loadConfig
      ? configKnobs((config = readBenchmarkAppConfig(loadConfig)), loadConfig)
      : undefined;
    const streams = intFlag(values, 'streams') ?? fromConfig?.streams;
    const threads = intFlag(values, 'threads') ?? fromConfig?.threads;
    if (streams !== undefined && threads !== undefined && threads < streams) {
      throw new UsageError(
        `--threads (${threads}) is less than --streams (${streams}): each stream needs at least one thread.`,
      );
    }
    const sparseRate =
      numberFlag(values, 'sparse-rate', { min: 0, max: 1 }) ?? fromConfig?.sparseRate;
    const options: BenchOptions = {
      modelPath,
      engine,
      api,
      streams,
      threads,
      nireq: intFlag(values, 'nireq'),
      batch: intFlag(values, 'batch'),
      seq: intFlag(values, 'seq'),
      timeS: time,
      niter: intFlag(values, 'niter'),
      warmup: intFlag(values, 'warmup', 0),
      sparseRate: sparseRate ?? null,
      variant: (values.variant as string | undefined) ?? null,
    };
    if (values.shape !== undefined) options.shapes = parseShapeSpec(values.shape as string);
    const dump = values['dump-config'] as string | undefined;
    // Refuse an unwritable destination before spending the run on it.
    if (dump && !existsSync(path.dirname(path.resolve(dump)))) {
      throw new UsageError(
        `--dump-config: folder ${path.dirname(path.resolve(dump))} does not exist.`,
      );
    }

    const result = await runBenchmark(options);
    if (fromConfig && fromConfig.passedThrough.length > 0) {
      result.notes.push(
        `load_config properties passed through, not used by ${result.engine}: ${fromConfig.passedThrough.join(', ')}`,
      );
    }
    // The result is a file format: check it against its own schema before anyone reads it.
    const checked = benchResultSchema.parse(result);
    if (dump) {
      writeBenchmarkAppConfig(
        dump,
        withKnobs(config ?? { devices: [] }, {
          streams: checked.config.streams ?? undefined,
          threads: checked.config.threads ?? undefined,
          sparseRate: checked.config.sparse_rate,
        }),
      );
    }
    io.stdout(values.json ? JSON.stringify(checked, null, 2) + '\n' : formatBenchText(checked));
    return 0;
  },
};
