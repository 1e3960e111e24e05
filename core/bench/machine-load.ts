import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MeasuredLoad } from '../api/schemas/bench-result';

/**
 * How busy the machine was while a benchmark measured, from what the OS already counts:
 * CPU time of every process (/proc/stat) minus this process's own, the 1-minute load
 * average, this process's involuntary context switches, and the CPU clock where readable.
 * Where /proc is missing (macOS, Windows) the figures this needs are null.
 */

export interface LoadSample {
  atMs: number;
  /** Busy and total jiffies over all CPUs; null without /proc/stat. */
  busy: number | null;
  total: number | null;
  /** This process's CPU time (all threads), µs. */
  ownCpuUs: number;
  involuntarySwitches: number;
}

/** Other processes using more than this share of the CPUs make a measurement noisy. */
export const NOISY_OTHER_CPU = 0.15;

function procStat(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, ...fields] = line.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + (steal ?? 0);
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return null;
  }
}

function cpuMhz(): number | null {
  try {
    const mhz = [
      ...readFileSync('/proc/cpuinfo', 'utf8').matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm),
    ].map((m) => Number(m[1]));
    return mhz.length ? mhz.reduce((a, b) => a + b, 0) / mhz.length : null;
  } catch {
    return null;
  }
}

export function sampleLoad(): LoadSample {
  const stat = procStat();
  const cpu = process.cpuUsage();
  return {
    atMs: performance.now(),
    busy: stat?.busy ?? null,
    total: stat?.total ?? null,
    ownCpuUs: cpu.user + cpu.system,
    involuntarySwitches: process.resourceUsage().involuntaryContextSwitches,
  };
}

/** The load between two samples taken around a measured phase. */
export function loadBetween(a: LoadSample, b: LoadSample): MeasuredLoad {
  let other: number | null = null;
  if (
    a.busy !== null &&
    b.busy !== null &&
    a.total !== null &&
    b.total !== null &&
    b.total > a.total
  ) {
    const allBusy = (b.busy - a.busy) / (b.total - a.total);
    const wallMs = b.atMs - a.atMs;
    const own =
      wallMs > 0 ? (b.ownCpuUs - a.ownCpuUs) / 1000 / (wallMs * os.availableParallelism()) : 0;
    other = Math.min(1, Math.max(0, allBusy - own));
  }
  return {
    other_cpu_fraction: other,
    loadavg_1m: os.loadavg()[0]!,
    involuntary_switches: b.involuntarySwitches - a.involuntarySwitches,
    cpu_mhz: cpuMhz(),
    noisy: other !== null && other > NOISY_OTHER_CPU,
  };
}
