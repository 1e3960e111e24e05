import path from 'node:path';
import { runSweep } from '../../bench/sweep/run-sweep';
import { workspaceDir } from '../../host/workspace';
import { sweepCellProfiler } from '../../profile/sweep-profiles';
import type { SweepCell } from '../../api/schemas/sweep-files';
import { formatSweepSummary, summarizeSweep } from '../../bench/sweep/sweep-summary';
import { loadSweepConfig } from '../../config/load-sweep-config';
import { UsageError, type Command } from '../command';

const USAGE = `sparsescope sweep -c SWEEP.json -o DIR [--json]
       sparsescope sweep --resume DIR [--force-unlock] [--rerun-noisy] [--json]

  Runs every cell of the sweep's grid (variants × engines × streams × threads × seq × batch,
  times repeats) with fresh workers per cell. DIR gets sweep.json (config, plan, status) and
  results.jsonl (one line per finished or failed cell, flushed per cell). Progress goes to
  stderr; Ctrl-C abandons the cell in flight and leaves the sweep ready for --resume (exit
  130). At the end: median and spread per cell over repeats, and speedups between variants
  and between engines at the same configuration. Exit 0 when at least one cell succeeded,
  1 when every cell failed, 2 when the sweep cannot run. --force-unlock takes over the
  sweep's lock when SparseScope cannot tell whether its holder still runs (another machine).
  --rerun-noisy runs again the cells measured while other processes loaded the machine,
  with the cells they are compared with (same configuration and repeat), back to back.
  Every speedup carries a 95% interval and says when it is within noise.`;

function clock(ms: number | null): string {
  if (ms === null) return '--:--';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary:
    'Run a grid of benchmarks (streams × threads × seq × variants × engines) into a resumable folder',
  usage: USAGE,
  options: {
    config: { type: 'string', short: 'c' },
    output: { type: 'string', short: 'o' },
    resume: { type: 'string' },
    'force-unlock': { type: 'boolean' },
    'rerun-noisy': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const configFile = values.config as string | undefined;
    const output = values.output as string | undefined;
    const resume = values.resume as string | undefined;
    if (resume !== undefined && (configFile !== undefined || output !== undefined)) {
      throw new UsageError(
        '--resume DIR continues a stored sweep: give it alone, without -c or -o.',
      );
    }
    if ((values['force-unlock'] || values['rerun-noisy']) && resume === undefined) {
      throw new UsageError('--force-unlock and --rerun-noisy go with --resume DIR.');
    }
    if (resume === undefined && (configFile === undefined || output === undefined)) {
      throw new UsageError('give -c SWEEP.json and -o DIR for a new sweep, or --resume DIR.');
    }
    // Validate the config fully before anything is written.
    const config = configFile !== undefined ? loadSweepConfig(configFile) : null;
    const dir = resume ?? output!;

    const tty = process.stderr.isTTY === true;
    let progressShown = false;
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts > 1) {
        io.stderr('\nsparsescope sweep: stopped at once; resume with --resume.\n');
        process.exit(130);
      }
      io.stderr(
        `\nsparsescope sweep: stopping — abandoning the cell in flight (Ctrl-C again to quit at once).\n`,
      );
      controller.abort();
    };
    process.on('SIGINT', onSigint);

    const onProgress = (
      done: number,
      total: number,
      cell: SweepCell | null,
      etaMs: number | null,
    ) => {
      if (!cell) {
        if (tty && progressShown) io.stderr('\n');
        return;
      }
      const text = `[${done + 1}/${total}] ${cell.id}  ETA ${clock(etaMs)}`;
      io.stderr(tty ? `\r${text.padEnd(78)}` : `${text}\n`);
      progressShown = true;
    };

    let outcome;
    try {
      outcome = await runSweep(
        dir,
        config,
        {
          signal: controller.signal,
          onProgress,
          onCellFinished: (line) => {
            if (line.status === 'failed')
              io.stderr(`${tty ? '\n' : ''}cell ${line.cell_id} failed: ${line.reason}\n`);
          },
          profileCell: sweepCellProfiler(workspaceDir()),
        },
        {
          ...(configFile !== undefined ? { configFile: path.resolve(configFile) } : {}),
          forceUnlock: values['force-unlock'] === true,
          rerunNoisy: values['rerun-noisy'] === true,
        },
      );
    } finally {
      process.off('SIGINT', onSigint);
    }

    const summary = summarizeSweep(outcome.meta, outcome.lines);
    if (outcome.status === 'interrupted') {
      io.stderr(
        `sparsescope sweep: interrupted with ${summary.recorded}/${summary.planned} cells recorded in ${dir}; continue with \`sparsescope sweep --resume ${dir}\`.\n`,
      );
      return 130;
    }
    if (values.json)
      io.stdout(
        JSON.stringify({ version: 1, dir, status: outcome.status, summary }, null, 2) + '\n',
      );
    else io.stdout(formatSweepSummary(summary));
    if (summary.planned > 0 && summary.failed === summary.recorded) {
      io.stderr(
        `sparsescope sweep: every cell failed (${summary.failed}/${summary.planned}); see the reasons above.\n`,
      );
      return 1;
    }
    return 0;
  },
};
