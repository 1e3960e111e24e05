import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { MachineInfo } from '../api/contract';

/** The ISA flags worth showing for inference; /proc/cpuinfo spells them this way. */
const INTERESTING_FLAGS = [
  'sse4_2',
  'avx',
  'avx2',
  'fma',
  'f16c',
  'avx512f',
  'avx512bw',
  'avx512vl',
  'avx512_vnni',
  'avx512_bf16',
  'avx512_fp16',
  'avx_vnni',
  'amx_tile',
  'amx_int8',
  'amx_bf16',
  'neon',
  'asimd',
  'asimddp',
  'sve',
  'i8mm',
  'bf16',
];

/** Parse /proc/cpuinfo text into model, flags and physical core count. */
export function parseCpuinfo(text: string): {
  model: string | null;
  flags: string[];
  physicalCores: number | null;
} {
  let model: string | null = null;
  const flags = new Set<string>();
  const cores = new Set<string>();
  let physicalId = '0';
  for (const line of text.split('\n')) {
    const sep = line.indexOf(':');
    if (sep < 0) continue;
    const key = line.slice(0, sep).trim();
    const value = line.slice(sep + 1).trim();
    if ((key === 'model name' || key === 'Model') && model === null) model = value;
    else if (key === 'flags' || key === 'Features')
      for (const f of value.split(/\s+/)) flags.add(f);
    else if (key === 'physical id') physicalId = value;
    else if (key === 'core id') cores.add(`${physicalId}:${value}`);
  }
  const present = INTERESTING_FLAGS.filter((f) => flags.has(f)).map((f) =>
    f === 'sse4_2' ? 'sse4.2' : f,
  );
  return { model, flags: present, physicalCores: cores.size > 0 ? cores.size : null };
}

let cached: MachineInfo | undefined;

/** Machine facts, read once per process. */
export function machineInfo(): MachineInfo {
  if (cached) return cached;
  const cpus = os.cpus();
  let parsed: ReturnType<typeof parseCpuinfo> = { model: null, flags: [], physicalCores: null };
  if (process.platform === 'linux') {
    try {
      parsed = parseCpuinfo(readFileSync('/proc/cpuinfo', 'utf8'));
    } catch {
      // Containers without /proc keep the os.cpus() facts below.
    }
  }
  const versions = process.versions as NodeJS.ProcessVersions & {
    electron?: string;
    chrome?: string;
  };
  cached = {
    cpuModel: parsed.model ?? cpus[0]?.model ?? 'unknown CPU',
    logicalCores: os.availableParallelism(),
    physicalCores: parsed.physicalCores,
    isaFlags: parsed.flags,
    arch: process.arch,
    totalMemoryBytes: os.totalmem(),
    os: { platform: process.platform, release: os.release(), version: os.version() },
    versions: {
      node: versions.node,
      v8: versions.v8,
      electron: versions.electron ?? null,
      chrome: versions.chrome ?? null,
    },
  };
  return cached;
}
