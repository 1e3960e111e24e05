import path from 'node:path';
import type { ConfigRunRequest } from '../api/config-files';
import { UserError } from '../api/errors';
import type { ConfigKind } from '../api/names';
import type { BenchmarkAppConfigDoc } from '../api/schemas/benchmark-app-config';
import { runConfigSchema, type RunConfig } from '../api/schemas/run-config';
import { SWEEP_CONFIG_VERSION, type SweepConfig } from '../api/schemas/sweep-config';
import { configKnobs } from './benchmark-app-config';
import { describeIssues, issueText } from './config-issues';

/**
 * What "Run" in the Config editor starts: always a sweep, so every run is stored, resumable
 * and shown in Results like any other. A run config is a one-cell sweep; a benchmark_app
 * config sets the knobs of a run whose model and length the editor asks for (benchmark_app
 * itself takes those as -m, -shape and -t, not from -load_config).
 */

/** DESIGN.md: seq 128 unless told; what `bench` does too. */
const DEFAULT_SEQ = 128;
const DEFAULT_TIME_S = 10;

export interface RunContext {
  /** Relative model paths resolve against this folder (the config file's). */
  baseDir: string;
  /** Logical cores here: a run without threads uses them all, as `bench` does. */
  cores: number;
}

/** Cell ids hold the label, so it keeps only the characters a sweep label allows. */
function labelOf(variant: string | null | undefined, model: string): string {
  const raw = variant ?? path.basename(model).replace(/\.(onnx|xml)$/i, '');
  return (
    raw
      .replace(/[^A-Za-z0-9._+-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 64) || 'run'
  );
}

/** A run config as the one-cell sweep that measures it. */
export function sweepOfRun(run: RunConfig, ctx: RunContext): SweepConfig {
  const streams = run.streams ?? 1;
  const unsupported = [
    ...(run.nireq !== undefined && run.nireq !== streams ? ['nireq'] : []),
    ...(run.shape !== undefined ? ['shape'] : []),
    ...(run.seed !== undefined && run.seed !== 0 ? ['seed'] : []),
  ];
  if (unsupported.length > 0) {
    throw new UserError(
      'BadConfig',
      `at ${unsupported[0]}: a run from the editor is a one-cell sweep, which uses nireq = streams, [batch, seq] shapes and seed 0; remove ${unsupported.map((k) => `"${k}"`).join(', ')} or run \`sparsescope bench --config FILE\`.`,
    );
  }
  const model = path.resolve(ctx.baseDir, run.model);
  return {
    version: SWEEP_CONFIG_VERSION,
    name: `${labelOf(run.variant, model)} · ${run.engine ?? 'ort'} · ${streams} stream${streams > 1 ? 's' : ''}`,
    variants: [
      {
        label: labelOf(run.variant, model),
        model,
        ...(run.graph_optimization
          ? { overrides: { graph_optimization: run.graph_optimization } }
          : {}),
      },
    ],
    engines: [run.engine ?? 'ort'],
    streams: [streams],
    threads: [run.threads ?? Math.max(streams, ctx.cores)],
    seq: [run.seq ?? DEFAULT_SEQ],
    batch: [run.batch ?? 1],
    ...(run.niter !== undefined ? { niter: run.niter } : { time_s: run.time_s ?? DEFAULT_TIME_S }),
    ...(run.warmup !== undefined ? { warmup: run.warmup } : {}),
    repeats: 1,
    ...(run.api ? { api: run.api } : {}),
    ...(run.sparse_rate !== undefined ? { sparse_rate: run.sparse_rate } : {}),
  };
}

/** The run a benchmark_app config describes, with the model and length it lacks. */
export function runOfBenchmarkApp(
  text: string,
  doc: BenchmarkAppConfigDoc,
  bench: NonNullable<ConfigRunRequest['bench']>,
): RunConfig {
  const knobs = configKnobs({ text, doc });
  const candidate = {
    version: 1,
    model: bench.model,
    engine: bench.engine,
    seq: bench.seq,
    time_s: bench.time_s,
    ...(knobs.streams !== undefined ? { streams: knobs.streams } : {}),
    ...(knobs.threads !== undefined ? { threads: knobs.threads } : {}),
    ...(knobs.sparseRate !== undefined ? { sparse_rate: knobs.sparseRate } : {}),
  };
  const parsed = runConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const first = describeIssues(parsed.error.issues, candidate)[0]!;
    throw new UserError('BadInput', `The run's settings: ${issueText(first)}.`);
  }
  return parsed.data;
}

/** The sweep to start for a checked config of any kind. */
export function sweepOfConfig(
  kind: ConfigKind,
  value: unknown,
  text: string,
  bench: ConfigRunRequest['bench'],
  ctx: RunContext,
): SweepConfig {
  if (kind === 'sweep') {
    const sweep = structuredClone(value as SweepConfig);
    for (const v of sweep.variants) v.model = path.resolve(ctx.baseDir, v.model);
    return sweep;
  }
  if (kind === 'run') return sweepOfRun(value as RunConfig, ctx);
  if (!bench) {
    throw new UserError(
      'BadRequest',
      'A benchmark_app config holds no model: choose the model, engine, sequence length and seconds to run it with.',
    );
  }
  // The model was picked on the host: absolute, not relative to the config file.
  return sweepOfRun(runOfBenchmarkApp(text, value as BenchmarkAppConfigDoc, bench), {
    ...ctx,
    baseDir: path.dirname(path.resolve(bench.model)),
  });
}
