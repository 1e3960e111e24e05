import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../api/errors';

/**
 * Writing a file so that readers see the old content or the new, never a mix or nothing:
 * write a uniquely named temp file in the same folder, fsync it, rename it over the target,
 * fsync the folder. Unique temp names let two writers of one file (two requests, two
 * processes) never rename each other's half-written temp away. Failures are UserErrors
 * ('WriteFailed') naming the file; no temp file is left behind.
 */

function tempName(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

function checkTarget(target: string): void {
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError('WriteFailed', `Cannot write ${target}: folder ${dir} does not exist.`);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new UserError('WriteFailed', `Cannot write ${target}: it is a folder.`);
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder; the rename is atomic there anyway.
  }
}

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const target = path.resolve(file);
  checkTarget(target);
  const tmp = tempName(target);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UserError('WriteFailed', `Cannot write ${target}.`, (err as Error).message);
  }
  syncFolder(path.dirname(target));
}

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  checkTarget(target);
  const tmp = tempName(target);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new UserError('WriteFailed', `Cannot write ${target}.`, (err as Error).message);
  }
  syncFolder(path.dirname(target));
}

/** Runs tasks one at a time in order: one writer per index file. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
