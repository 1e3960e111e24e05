import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { lockSweep } from '../../../core/bench/sweep/sweep-lock';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'sweep-lock-'));
const lockFile = (dir: string) => path.join(dir, 'sweep.lock');
/** The lock a live holder would write, copied from a real one and edited. */
function holder(dir: string, edit: (h: Record<string, unknown>) => void): void {
  const probe = tmp();
  const release = lockSweep(probe);
  const h = JSON.parse(readFileSync(lockFile(probe), 'utf8')) as Record<string, unknown>;
  release();
  edit(h);
  writeFileSync(lockFile(dir), JSON.stringify(h) + '\n');
}

function startOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('sweep lock', () => {
  it('refuses a second holder and takes over a lock left by a dead process', () => {
    const dir = tmp();
    const release = lockSweep(dir);
    holder(dir, (h) => Object.assign(h, { pid: process.ppid, started: startOf(process.ppid) }));
    expect(() => lockSweep(dir)).toThrowError(UserError);
    writeFileSync(lockFile(dir), '2147483646\n'); // the first format: a pid only, and no such pid
    const again = lockSweep(dir);
    again();
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose pid now belongs to another live process', () => {
    const dir = tmp();
    // A live pid, but its start time is not the one recorded: the holder died, the pid was reused.
    holder(dir, (h) => Object.assign(h, { pid: process.ppid, started: '1' }));
    const release = lockSweep(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('takes over a lock from before a reboot', () => {
    const dir = tmp();
    holder(dir, (h) =>
      Object.assign(h, { pid: process.ppid, started: startOf(process.ppid), boot: 'another-boot' }),
    );
    lockSweep(dir)();
  });

  it('says how to force a lock it cannot judge, and --force-unlock takes it', () => {
    const dir = tmp();
    holder(dir, (h) => Object.assign(h, { host: 'another-machine' }));
    let message = '';
    try {
      lockSweep(dir);
    } catch (err) {
      message = `${(err as UserError).message} ${(err as UserError).detail}`;
    }
    expect(message).toMatch(
      /\(pid \d+ on another-machine\) is running this sweep\..*--force-unlock/,
    );
    lockSweep(dir, { force: true })();
  });
});
