import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError, type ErrorKind } from '../api/errors';
import { formatBytes } from './format';

/**
 * Reading a file SparseScope was pointed at, safely: it must be a regular file (not a FIFO,
 * a device such as /dev/zero, a socket or a folder — after following links) no larger than
 * the limit, checked on the opened descriptor before any byte is read, so a FIFO cannot
 * block a command and /dev/zero cannot grow a buffer to gigabytes.
 */

export interface FileLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Error kind when the file is refused (BadModel for models, BadConfig for configs …). */
  kind: ErrorKind;
  /** What the file is for messages, e.g. "model file", "sweep config". */
  what: string;
}

/** O_NONBLOCK so that opening a FIFO returns at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Read a whole regular file within the limits (async). */
export async function readFileSafe(file: string, limits: FileLimits): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (err) {
    throw openError(file, err, limits);
  }
  try {
    const size = checkStats(file, await handle.stat(), limits);
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buffer, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? buffer : buffer.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** Read a whole regular file within the limits (sync, for small index and config files). */
export function readFileSafeSync(file: string, limits: FileLimits): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    throw openError(file, err, limits);
  }
  try {
    const size = checkStats(file, fstatSync(fd), limits);
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const read = readSync(fd, buffer, at, size - at, at);
      if (read === 0) break;
      at += read;
    }
    return at === size ? buffer : buffer.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text of a regular file within the limits. */
export function readTextSafeSync(file: string, limits: FileLimits): string {
  return readFileSafeSync(file, limits).toString('utf8');
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function checkStats(file: string, stats: Stats, limits: FileLimits): number {
  if (!stats.isFile()) {
    throw new UserError(
      limits.kind,
      `${file}: expected a regular ${limits.what}, but it is ${kindOf(stats)}.`,
    );
  }
  if (stats.size > limits.maxBytes) {
    throw new UserError(
      limits.kind,
      `${file}: expected a ${limits.what} of at most ${formatBytes(limits.maxBytes)}, but it has ${formatBytes(stats.size)}.`,
    );
  }
  return stats.size;
}

function openError(file: string, err: unknown, limits: FileLimits): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserError('NotFound', `${file}: no such file.`);
  if (code === 'EISDIR')
    return new UserError(
      limits.kind,
      `${file}: expected a regular ${limits.what}, but it is a folder.`,
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new UserError(limits.kind, `${file}: permission denied.`);
  return new UserError(
    limits.kind,
    `${file}: cannot open the ${limits.what}.`,
    (err as Error).message,
  );
}
