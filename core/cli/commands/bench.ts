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
import { loadRunConfig } from '../../config/config-check';
import { RUN_LIMITS } from '../../api/limits';
import { API_MODES, ENGINE_IDS, PERFORMANCE_HINTS } from '../../api/names';
import { BENCHMARK_APP_KNOBS } from '../../api/schemas/benchmark-app-config';
import type { DeviceProperty, EngineProfile } from '../../engines/engine';
import { formatCounters } from '../../engines/openvino/counters-table';
import { UsageError, type Command } from '../command';
import {
  choiceFlag,
  engineFlag,
  INPUT_SHAPE_OPTIONS,
  inputShapeFlags,
  numberFlag,
  requiredString,
} from '../flags';

const USAGE = `sparsescope bench -m MODEL [--engine ${ENGINE_IDS.join('|')}] [--seq N] [--batch N]
         [--streams N] [--threads N] [--nireq N] [--api ${API_MODES.join('|')}] [--time S | --niter N]
         [--warmup N] [--shape "input_ids[1,64],..."] [--dim NAME=VALUE …] [--sparse-rate R] [--variant NAME]
         [--config RUN.json] [--load-config FILE] [--dump-config FILE] [--json]
         openvino only: [--hint ${PERFORMANCE_HINTS.join('|')}] [--infer-precision f32|bf16|f16]
         [--data-shape] [--pc] [--exec-graph FILE]

  Runs like OpenVINO benchmark_app: streams are worker threads with their own session;
  --threads (default: all cores, at least one per stream) is split evenly over them;
  --nireq defaults to the stream count. Default run: 10 s after 1 warm-up iteration per
  stream; --seq defaults to 128 (or the model's positions if fewer). Other symbolic dims get 1
  (0 for past lengths) with a note in the result; --dim NAME=VALUE sets one. --load-config reads
  benchmark_app's -load_config JSON (NUM_STREAMS, INFERENCE_NUM_THREADS,
  CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE); flags override it. --dump-config writes this
  run's config in the same form after a successful run. --config reads a SparseScope run
  config (\`sparsescope config schema --kind run\`) for every knob; flags override it.

  --engine openvino runs OpenVINO's own streams and request queue as benchmark_app does
  (NUM_STREAMS, INFERENCE_NUM_THREADS, nireq, PERFORMANCE_HINT latency for --api sync and
  throughput for async unless --hint or the config sets it); every other CPU property of
  --load-config is passed to OpenVINO unchanged. --data-shape keeps the model's dynamic
  shapes (benchmark_app -data_shape) instead of reshaping it (-shape). --pc prints the
  per-layer counters with the original nodes each layer covers; --exec-graph writes the
  runtime graph as benchmark_app's -exec_graph_path does.`;

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
    ...engineDetailLines(r),
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

/** A whole-number knob, within the limits every run obeys (RUN_LIMITS). */
/** What an engine reported about the compiled model: the device and its properties, as benchmark_app lists them. */
function engineDetailLines(r: BenchResult): string[] {
  const d = r.engine_details;
  if (!d) return [];
  return [
    `[ INFO ] Device:           ${d.device ?? 'n/a'}`,
    '[ INFO ] Compiled model properties:',
    ...Object.entries(d.compiled).map(([k, v]) => `[ INFO ]   ${k}: ${v}`),
  ];
}

/** CPU properties of a -load_config file that have no SparseScope knob, for engines that take them. */
function deviceProperties(config: BenchmarkAppConfig | undefined): Record<string, DeviceProperty> {
  const out: Record<string, DeviceProperty> = {};
  for (const [key, value] of Object.entries((config?.doc.CPU ?? {}) as Record<string, unknown>)) {
    if (key in BENCHMARK_APP_KNOBS) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    } else {
      throw new UsageError(
        `--load-config: CPU.${key} is ${JSON.stringify(value)}; SparseScope passes only strings, numbers and booleans to OpenVINO.`,
      );
    }
  }
  return out;
}

function intFlag(
  values: Record<string, unknown>,
  name: 'streams' | 'threads' | 'nireq' | 'batch' | 'seq' | 'niter' | 'warmup',
  min = 1,
): number | undefined {
  return numberFlag(values, name, { min, max: RUN_LIMITS[name], integer: true });
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
    ...INPUT_SHAPE_OPTIONS,
    'sparse-rate': { type: 'string' },
    variant: { type: 'string' },
    config: { type: 'string' },
    'load-config': { type: 'string' },
    'dump-config': { type: 'string' },
    json: { type: 'boolean' },
    hint: { type: 'string' },
    'infer-precision': { type: 'string' },
    'data-shape': { type: 'boolean' },
    pc: { type: 'boolean' },
    'exec-graph': { type: 'string' },
  },
  async run(values, _positionals, io) {
    // A run config file (--config) gives every knob; flags and --load-config override it.
    const runFile = values.config as string | undefined;
    const run = runFile ? loadRunConfig(runFile) : undefined;
    const modelPath =
      run && values.model === undefined
        ? run.model
        : requiredString(values, 'model', '-m/--model MODEL');
    const engine = engineFlag(values, run?.engine ?? 'ort');
    const api = choiceFlag(values, 'api', API_MODES, run?.api ?? 'async');
    if (values.time !== undefined && values.niter !== undefined) {
      throw new UsageError('Give --time or --niter, not both.');
    }
    const time = numberFlag(values, 'time', { min: 0, max: RUN_LIMITS.timeS });
    if (time === 0) throw new UsageError('--time expects a number of seconds > 0, got "0".');

    let config: BenchmarkAppConfig | undefined;
    const loadConfig = values['load-config'] as string | undefined;
    const fromConfig = loadConfig
      ? configKnobs((config = readBenchmarkAppConfig(loadConfig)))
      : undefined;
    const streams = intFlag(values, 'streams') ?? fromConfig?.streams ?? run?.streams;
    const threads = intFlag(values, 'threads') ?? fromConfig?.threads ?? run?.threads;
    if (streams !== undefined && threads !== undefined && threads < streams) {
      throw new UsageError(
        `--threads (${threads}) is less than --streams (${streams}): each stream needs at least one thread.`,
      );
    }
    const sparseRate =
      numberFlag(values, 'sparse-rate', { min: 0, max: 1 }) ??
      fromConfig?.sparseRate ??
      run?.sparse_rate;
    const niter = intFlag(values, 'niter');
    // A run length on the command line replaces the file's, whichever of the two it is.
    const fileLength = time === undefined && niter === undefined ? run : undefined;
    const options: BenchOptions = {
      modelPath,
      engine,
      api,
      streams,
      threads,
      nireq: intFlag(values, 'nireq') ?? run?.nireq,
      batch: intFlag(values, 'batch') ?? run?.batch,
      seq: intFlag(values, 'seq') ?? run?.seq,
      timeS: time ?? fileLength?.time_s,
      niter: niter ?? fileLength?.niter,
      warmup: intFlag(values, 'warmup', 0) ?? run?.warmup,
      sparseRate: sparseRate ?? null,
      variant: (values.variant as string | undefined) ?? run?.variant ?? null,
      ...(run?.seed !== undefined ? { seed: run.seed } : {}),
      ...(run?.graph_optimization ? { graphOptimizationLevel: run.graph_optimization } : {}),
    };
    const shape = (values.shape as string | undefined) ?? run?.shape;
    if (shape !== undefined)
      options.shapes = parseShapeSpec(
        shape,
        values.shape !== undefined ? '--shape' : `${runFile}: shape`,
      );
    const { dims } = inputShapeFlags(values);
    if (dims) options.dims = dims;
    const ovFlags = ['hint', 'infer-precision', 'data-shape', 'pc', 'exec-graph'];
    if (engine !== 'openvino') {
      const given = ovFlags.find((f) => values[f] !== undefined);
      if (given) throw new UsageError(`--${given} applies to --engine openvino only.`);
    } else {
      const props = deviceProperties(config);
      if (values['infer-precision'] !== undefined) {
        props.INFERENCE_PRECISION_HINT = choiceFlag(values, 'infer-precision', [
          'f32',
          'bf16',
          'f16',
        ]);
      }
      options.deviceProperties = props;
      if (values.hint !== undefined) options.hint = choiceFlag(values, 'hint', PERFORMANCE_HINTS);
      if (values['data-shape']) options.dataShape = true;
      if (values.pc) options.perfCounters = true;
      const graph = values['exec-graph'] as string | undefined;
      if (graph !== undefined) {
        if (!existsSync(path.dirname(path.resolve(graph)))) {
          throw new UsageError(
            `--exec-graph: folder ${path.dirname(path.resolve(graph))} does not exist.`,
          );
        }
        options.execGraphPath = path.resolve(graph);
      }
    }
    const dump = values['dump-config'] as string | undefined;
    // Refuse an unwritable destination before spending the run on it.
    if (dump && !existsSync(path.dirname(path.resolve(dump)))) {
      throw new UsageError(
        `--dump-config: folder ${path.dirname(path.resolve(dump))} does not exist.`,
      );
    }

    let profile: EngineProfile | null = null;
    const result = await runBenchmark(options, { onProfile: (p) => (profile = p) });
    // openvino takes the CPU properties itself (its notes list them); the rest go unused.
    const unused = (fromConfig?.passedThrough ?? []).filter(
      (p) => engine !== 'openvino' || !p.startsWith('CPU.'),
    );
    if (unused.length > 0) {
      result.notes.push(
        `load_config properties passed through, not used by ${result.engine}: ${unused.join(', ')}`,
      );
    }
    // The result is a file format: check it against its own schema before anyone reads it.
    const checked = benchResultSchema.parse(result);
    if (dump) {
      writeBenchmarkAppConfig(
        dump,
        withKnobs(config ?? null, {
          streams: checked.config.streams ?? undefined,
          threads: checked.config.threads ?? undefined,
          sparseRate: checked.config.sparse_rate,
        }),
      );
    }
    io.stdout(values.json ? JSON.stringify(checked, null, 2) + '\n' : formatBenchText(checked));
    if (profile && !values.json) io.stdout(formatCounters(profile));
    return 0;
  },
};
