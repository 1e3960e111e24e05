import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { machineInfo } from '../bench/machine';
import type { SweepHooks } from '../bench/sweep/run-sweep';
import { cellProfileFile } from '../bench/sweep/sweep-store';
import { writeFileAtomic } from '../util/atomic-write';
import { ensurePeaks } from './peaks/ensure-peaks';
import { runProfile } from './run-profile';

/** Iterations of a sweep cell's profile (after its own warm-up): enough for medians, short beside the cell. */
export const SWEEP_PROFILE_NITER = 20;

/**
 * The sweep's profileCell hook (sweep config `profile: true`): after a cell's benchmark, the
 * same model, engine and configuration profiled in fresh workers of its own, stored as
 * `profiles/<cell>.json` beside results.jsonl. Threads are per stream in a profile, the
 * cell's total split as the benchmark splits it.
 */
export function sweepCellProfiler(home: string): NonNullable<SweepHooks['profileCell']> {
  return async (cell, options, dir, signal) => {
    const streams = options.streams ?? 1;
    const peaks = await ensurePeaks(home, machineInfo());
    const profile = await runProfile(
      {
        modelPath: options.modelPath,
        engine: options.engine,
        streams,
        threads: Math.max(1, Math.floor((options.threads ?? streams) / streams)),
        batch: options.batch,
        seq: options.seq,
        sparseRate: options.sparseRate ?? null,
        variant: options.variant ?? null,
        graphOptimizationLevel: options.graphOptimizationLevel,
        niter: SWEEP_PROFILE_NITER,
        peaks,
      },
      signal ? { signal } : {},
    );
    const file = cellProfileFile(dir, cell.id);
    mkdirSync(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(profile) + '\n');
  };
}
