import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from '../../api/schemas/machine-info';
import { machinePeaksSchema, type MachinePeaks } from '../../api/schemas/profile';
import { writeFileAtomic } from '../../util/atomic-write';
import { readJson } from '../../util/json-reader';
import { readTextSafeSync } from '../../util/safe-file';

/**
 * Machine peaks are measured once per machine and kept in the workspace beside the model list
 * (`machine-peaks.json`), keyed by the machine facts that change them: a new CPU, core count,
 * memory size or Node (V8) version measures again.
 */

export const PEAKS_FILE = 'machine-peaks.json';

export function machineKey(m: MachineInfo): string {
  return [
    m.cpuModel,
    `${m.logicalCores} logical cores`,
    m.arch,
    `${Math.round(m.totalMemoryBytes / 2 ** 30)} GiB`,
    `node ${m.versions.node}`,
  ].join(' | ');
}

/** The cached peaks of this machine, or null when none (or another machine's) are stored. */
export function readCachedPeaks(home: string, machine: MachineInfo): MachinePeaks | null {
  const file = path.join(home, PEAKS_FILE);
  if (!existsSync(file)) return null;
  try {
    const doc = readJson(
      readTextSafeSync(file, { maxBytes: 1 << 20, kind: 'BadResults', what: 'machine peaks file' }),
      { source: file, kind: 'BadResults' },
    );
    const peaks = machinePeaksSchema.parse(doc);
    return peaks.machine_key === machineKey(machine) ? peaks : null;
  } catch {
    // A damaged cache is measured again, never trusted.
    return null;
  }
}

export async function writeCachedPeaks(home: string, peaks: MachinePeaks): Promise<void> {
  await writeFileAtomic(path.join(home, PEAKS_FILE), JSON.stringify(peaks, null, 2) + '\n');
}
