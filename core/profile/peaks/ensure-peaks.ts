import type { MachineInfo } from '../../api/schemas/machine-info';
import type { MachinePeaks } from '../../api/schemas/profile';
import { measurePeaksIsolated } from '../run-profile';
import { machineKey, readCachedPeaks, writeCachedPeaks } from './peaks-cache';

/**
 * This machine's peaks: from the workspace cache, or measured once now (a few seconds, in a
 * worker) and cached. `onMeasure` is told before a measurement starts, so callers can say why
 * the first profile takes longer.
 */
export async function ensurePeaks(
  home: string,
  machine: MachineInfo,
  onMeasure?: (message: string) => void,
): Promise<MachinePeaks> {
  const cached = readCachedPeaks(home, machine);
  if (cached) return cached;
  onMeasure?.("Measuring this machine's peaks once (memory bandwidth, SIMD and GEMM throughput)");
  const threads = [...new Set([1, machine.logicalCores])];
  const measured = await measurePeaksIsolated(threads);
  const peaks: MachinePeaks = {
    version: 1,
    measured_at: new Date().toISOString(),
    machine_key: machineKey(machine),
    ...measured,
  };
  await writeCachedPeaks(home, peaks);
  return peaks;
}
