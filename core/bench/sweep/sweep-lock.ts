import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { SWEEP_LOCK } from './sweep-store';

/**
 * sweep.lock: which process runs a sweep, so two never run the same one. A pid alone is not
 * enough — after a crash or a reboot the pid may belong to another live process — so the
 * lock also records the boot and the process's start time; a lock whose holder is gone (or
 * whose pid now names another process) is taken over. `force` takes any lock, for the rare
 * case SparseScope cannot tell (a sweep folder shared by two machines).
 */

interface Holder {
  pid: number;
  host: string;
  /** Linux boot id; null elsewhere. */
  boot: string | null;
  /** The process's start time since boot (clock ticks, /proc/PID/stat); null elsewhere. */
  started: string | null;
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat (start time); the command name before it may hold spaces. */
function processStart(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function thisProcess(): Holder {
  return {
    pid: process.pid,
    host: os.hostname(),
    boot: readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null,
    started: processStart(process.pid),
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parse a lock file; the first SparseScope versions wrote just "PID\n". */
function parseHolder(text: string): Holder | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    return { pid: Number(trimmed), host: os.hostname(), boot: null, started: null };
  }
  try {
    const h = JSON.parse(trimmed) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string')
      return { pid: h.pid, host: h.host, boot: h.boot ?? null, started: h.started ?? null };
  } catch {
    // Unreadable: treated as stale below.
  }
  return null;
}

/** Whether the recorded holder may still be running the sweep. */
function holderLives(h: Holder): boolean {
  const me = thisProcess();
  if (h.host !== me.host) return true; // another machine: SparseScope cannot look
  if (h.boot !== null && me.boot !== null && h.boot !== me.boot) return false;
  if (h.pid === me.pid || !pidAlive(h.pid)) return false;
  return h.started === null || processStart(h.pid) === h.started;
}

/** Take the sweep's lock; returns the release function. */
export function lockSweep(dir: string, options: { force?: boolean } = {}): () => void {
  const file = path.join(dir, SWEEP_LOCK);
  const me = thisProcess();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return () => {
        try {
          if (parseHolder(readFileSync(file, 'utf8'))?.pid === me.pid) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = parseHolder(readFileSync(file, 'utf8'));
      if (holder && holderLives(holder) && !options.force) {
        const where = holder.host === me.host ? '' : ` on ${holder.host}`;
        throw new UserError(
          'Busy',
          `${dir}: another sparsescope process (pid ${holder.pid}${where}) is running this sweep.`,
          'If it is not running any more, resume with --force-unlock.',
        );
      }
      unlinkSync(file); // stale, or forced
    }
  }
  throw new UserError('Busy', `${dir}: could not take the sweep lock ${file}.`);
}
