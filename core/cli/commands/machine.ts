import { machineInfo } from '../../bench/machine';
import type { Command } from '../command';

export const machineCommand: Command = {
  name: 'machine',
  summary: 'Show this machine: CPU model, cores, ISA flags, memory, OS, runtime versions',
  usage: 'sparsescope machine [--json]',
  options: { json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const m = machineInfo();
    if (values.json) {
      io.stdout(JSON.stringify(m, null, 2) + '\n');
      return 0;
    }
    const gib = (m.totalMemoryBytes / 2 ** 30).toFixed(1);
    io.stdout(
      [
        `CPU        ${m.cpuModel}`,
        `Cores      ${m.logicalCores} logical${m.physicalCores ? `, ${m.physicalCores} physical` : ''} (${m.arch})`,
        `ISA        ${m.isaFlags.join(' ') || '(none detected)'}`,
        `Memory     ${gib} GiB`,
        `OS         ${m.os.platform} ${m.os.release}`,
        `Node       ${m.versions.node} (V8 ${m.versions.v8})`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
