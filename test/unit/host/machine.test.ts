import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { machineInfo, parseCpuinfo } from '../../../core/bench/machine';

const X86 = `processor\t: 0
model name\t: Intel(R) Xeon(R) Platinum 8480+
physical id\t: 0
core id\t\t: 0
flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_vnni amx_tile amx_int8
processor\t: 1
model name\t: Intel(R) Xeon(R) Platinum 8480+
physical id\t: 0
core id\t\t: 0
flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_vnni amx_tile amx_int8
`;

const ARM = `processor\t: 0
BogoMIPS\t: 50.00
Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp i8mm bf16
`;

describe('machine info', () => {
  it('parses x86 /proc/cpuinfo: model, ISA flags spelled for people, physical cores', () => {
    const p = parseCpuinfo(X86);
    expect(p.model).toBe('Intel(R) Xeon(R) Platinum 8480+');
    expect(p.flags).toEqual([
      'sse4.2',
      'avx',
      'avx2',
      'fma',
      'avx512f',
      'avx512_vnni',
      'amx_tile',
      'amx_int8',
    ]);
    expect(p.physicalCores).toBe(1);
  });

  it('parses ARM Features', () => {
    const p = parseCpuinfo(ARM);
    expect(p.flags).toEqual(['asimd', 'asimddp', 'i8mm', 'bf16']);
    expect(p.model).toBeNull();
  });

  it('reports this machine as the OS sees it', () => {
    const m = machineInfo();
    expect(m.logicalCores).toBe(os.availableParallelism());
    expect(m.totalMemoryBytes).toBe(os.totalmem());
    expect(m.cpuModel.length).toBeGreaterThan(0);
    expect(m.versions.node).toBe(process.versions.node);
  });
});
