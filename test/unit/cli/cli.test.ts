import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { machineInfo } from '../../../core/bench/machine';

describe('sparsescope CLI', () => {
  it('--help lists the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/machine\s+Show this machine/);
    expect(r.stdout).toMatch(/serve\s+Serve the SparseScope UI/);
  });

  it('--version prints the package version', async () => {
    const r = await cli('--version');
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('machine --json prints the same facts the UI shows', async () => {
    const r = await cli('machine', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(machineInfo());
  });

  it('unknown commands and bad flags exit 2 with a message', async () => {
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFlag = await cli('machine', '--jsn');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("Unknown option '--jsn'");
    const badPort = await cli('serve', '--port', '99999', '--no-open');
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port expects an integer from 0 to 65535');
  });
});
