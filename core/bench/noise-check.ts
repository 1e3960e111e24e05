import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EngineId } from '../api/names';
import type { SweepConfig } from '../api/schemas/sweep-config';
import type { Speedup } from '../api/sweep-summary';
import { CONFIDENCE } from '../views/noise';
import { runSweep } from './sweep/run-sweep';
import { summarizeSweep } from './sweep/sweep-summary';

/**
 * The calibration check behind `sparsescope noise`: the same model and config run as two
 * "variants", a null comparison whose true speedup is 1.0, over and over; every speedup
 * SparseScope would call real is a false positive. Its rate on this machine says how far
 * the within-noise verdicts can be trusted here (≈ 5% is what 95% intervals promise).
 */

export interface NoiseCheckOptions {
  modelPath: string;
  engine: EngineId;
  /** Budget for the whole check; it runs whole rounds while time is left (at least one). */
  seconds: number;
  cores: number;
  signal?: AbortSignal;
  onRound?: (round: number, speedups: Speedup[]) => void;
}

export interface NoiseCheckResult {
  version: 1;
  engine: EngineId;
  model: string;
  rounds: number;
  comparisons: number;
  /** Null comparisons whose interval excluded 1.0 (with ≥ 3 repeats): claimed differences. */
  falsePositives: number;
  falsePositiveRate: number;
  /** What the intervals promise: 1 − confidence. */
  expectedRate: number;
  speedups: Speedup[];
}

/** Per round: 2 identical variants × threads {1, cores} × seq {16, 64}, 3 interleaved repeats. */
export function nullSweepConfig(modelPath: string, engine: EngineId, cores: number): SweepConfig {
  return {
    version: 1,
    name: 'noise check: the same model twice',
    variants: [
      { label: 'a', model: modelPath },
      { label: 'b', model: modelPath },
    ],
    engines: [engine],
    streams: [1],
    threads: cores > 1 ? [1, cores] : [1],
    seq: [16, 64],
    batch: [1],
    time_s: 0.5,
    warmup: 1,
    repeats: 3,
    cell_timeout_s: 60,
  } as SweepConfig;
}

export async function runNoiseCheck(o: NoiseCheckOptions): Promise<NoiseCheckResult> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-noise-'));
  const all: Speedup[] = [];
  let rounds = 0;
  const until = Date.now() + o.seconds * 1000;
  try {
    do {
      const dir = path.join(work, `round-${rounds}`);
      const outcome = await runSweep(
        dir,
        nullSweepConfig(o.modelPath, o.engine, o.cores),
        o.signal ? { signal: o.signal } : {},
      );
      if (outcome.status !== 'finished') break;
      const speedups = summarizeSweep(outcome.meta, outcome.lines).variantSpeedups;
      all.push(...speedups);
      rounds++;
      o.onRound?.(rounds, speedups);
    } while (Date.now() < until && !o.signal?.aborted);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const falsePositives = all.filter((s) => !s.within_noise).length;
  return {
    version: 1,
    engine: o.engine,
    model: o.modelPath,
    rounds,
    comparisons: all.length,
    falsePositives,
    falsePositiveRate: all.length ? falsePositives / all.length : 0,
    expectedRate: 1 - CONFIDENCE,
    speedups: all,
  };
}
