import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Facts about the machine a result was measured on (stored in every result). */
export const machineInfoSchema = z.object({
  /** CPU model as the OS reports it, e.g. "Intel(R) Xeon(R) Platinum 8480+". */
  cpuModel: z.string(),
  /** Logical cores (hardware threads) visible to this process. */
  logicalCores: positiveInt,
  /** Physical cores when the OS tells them, else null. */
  physicalCores: positiveInt.nullable(),
  /** ISA flags relevant to inference kernels that this CPU has (sse4.2, avx2, avx512f, avx512_vnni, amx_int8, neon …). */
  isaFlags: z.array(z.string()),
  /** Architecture as Node reports it: x64, arm64 … */
  arch: z.string(),
  /** Total physical memory in bytes. */
  totalMemoryBytes: z.number().finite().nonnegative(),
  os: z.object({ platform: z.string(), release: z.string(), version: z.string() }),
  versions: z.object({
    node: z.string(),
    v8: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
});
export type MachineInfo = z.infer<typeof machineInfoSchema>;
