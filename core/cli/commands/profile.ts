import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { ENGINE_IDS } from '../../api/names';
import { profileFileSchema, type ProfileFile } from '../../api/schemas/profile';
import { machineInfo } from '../../bench/machine';
import { workspaceDir } from '../../host/workspace';
import { toChromeTrace } from '../../profile/exporters/chrome-trace';
import { toCountersCsv } from '../../profile/exporters/counters-csv';
import { toNetronMetrics } from '../../profile/exporters/netron-metrics';
import { importProfileFile } from '../../profile/importers/registry';
import { ensurePeaks } from '../../profile/peaks/ensure-peaks';
import { formatProfileText } from '../../profile/profile-text';
import { PROFILE_DEFAULTS, runProfile } from '../../profile/run-profile';
import { parseShapeSpec } from '../../model/shape-spec';
import { UsageError, type Command } from '../command';
import { engineFlag, numberFlag, requiredString } from '../flags';

const USAGE = `sparsescope profile -m MODEL [--engine ${ENGINE_IDS.join('|')}] [--seq N] [--batch N]
         [--threads N] [--streams N] [--niter N] [--warmup N] [--sparse-rate R] [--shape S]
         [--variant NAME] [--no-peaks] [--json] [--trace FILE] [--csv FILE] [--netron FILE] [--top N]
       sparsescope profile --import FILE [--json] [--trace FILE] [--csv FILE] [--netron FILE] [--top N]

  Per-node profile: each stream loads its own session with per-node timing, warms up
  (default ${PROFILE_DEFAULTS.warmup} iterations) and runs --niter (default ${PROFILE_DEFAULTS.niter}) measured iterations;
  --threads is per stream (default 1). Prints a benchmark_app -pc style table sorted by
  time, the op-type summary and the node sum against end-to-end latency. --json prints the
  profile file (core/profile/FORMAT.md). --import reads ORT profiler JSON, benchmark_app -pc
  console output, counters report CSV/JSON, OpenVINO execution-graph XML or a SparseScope
  profile. --trace writes Chrome trace JSON (Perfetto, chrome://tracing), --csv benchmark_app
  counters CSV, --netron a Netron attachment (metrics per node). The machine's peaks for the
  roofline are measured once and cached in the workspace (--no-peaks skips them).`;

function intFlag(values: Record<string, unknown>, name: string, min = 1): number | undefined {
  return numberFlag(values, name, { min, integer: true });
}

/** Refuse an output path whose folder is missing before spending a run on it. */
function outputPath(values: Record<string, unknown>, name: string): string | null {
  const v = values[name];
  if (v === undefined) return null;
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} expects a file name.`);
  const dir = path.dirname(path.resolve(v));
  if (!existsSync(dir)) throw new UsageError(`--${name}: folder ${dir} does not exist.`);
  return v;
}

function write(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UserError(
      'WriteFailed',
      `Could not write the ${what} to ${file}.`,
      (err as Error).message,
    );
  }
}

export const profileCommand: Command = {
  name: 'profile',
  summary: 'Per-node profile of a model on an engine, or import one: hotspots, op types, exports',
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    engine: { type: 'string' },
    seq: { type: 'string' },
    batch: { type: 'string' },
    threads: { type: 'string' },
    streams: { type: 'string' },
    niter: { type: 'string' },
    warmup: { type: 'string' },
    'sparse-rate': { type: 'string' },
    shape: { type: 'string' },
    variant: { type: 'string' },
    'no-peaks': { type: 'boolean' },
    import: { type: 'string' },
    json: { type: 'boolean' },
    trace: { type: 'string' },
    csv: { type: 'string' },
    netron: { type: 'string' },
    top: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const trace = outputPath(values, 'trace');
    const csv = outputPath(values, 'csv');
    const netron = outputPath(values, 'netron');
    const top = intFlag(values, 'top') ?? null;
    let profile: ProfileFile;
    if (values.import !== undefined) {
      if (values.model !== undefined)
        throw new UsageError('Give -m MODEL to measure or --import FILE, not both.');
      const file = requiredString(values, 'import', '--import FILE');
      profile = (await importProfileFile(file)).profile;
    } else {
      const modelPath = requiredString(values, 'model', '-m/--model MODEL');
      const engine = engineFlag(values, 'builtin');
      const home = workspaceDir();
      const peaks = values['no-peaks']
        ? null
        : await ensurePeaks(home, machineInfo(), (m) =>
            io.stderr(`[ INFO ] ${m} (cached in ${home})\n`),
          );
      profile = await runProfile({
        modelPath,
        engine,
        seq: intFlag(values, 'seq'),
        batch: intFlag(values, 'batch'),
        threads: intFlag(values, 'threads'),
        streams: intFlag(values, 'streams'),
        niter: intFlag(values, 'niter'),
        warmup: intFlag(values, 'warmup', 0),
        sparseRate: numberFlag(values, 'sparse-rate', { min: 0, max: 1 }) ?? null,
        ...(values.shape !== undefined ? { shapes: parseShapeSpec(values.shape as string) } : {}),
        variant: (values.variant as string | undefined) ?? null,
        peaks,
      });
    }
    // The profile is a file format: check it against its own schema before anyone reads it.
    const checked = profileFileSchema.parse(profile);
    if (trace) write(trace, JSON.stringify(toChromeTrace(checked)) + '\n', 'Chrome trace');
    if (csv) write(csv, toCountersCsv(checked), 'counters CSV');
    if (netron)
      write(netron, JSON.stringify(toNetronMetrics(checked), null, 1) + '\n', 'Netron attachment');
    io.stdout(
      values.json ? JSON.stringify(checked, null, 2) + '\n' : formatProfileText(checked, top),
    );
    return 0;
  },
};
