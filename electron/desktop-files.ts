import { statSync } from 'node:fs';
import path from 'node:path';
import type { IpcMain, IpcMainEvent } from 'electron';
import { IPC_DROPPED_CHANNEL } from '../core/api/protocol';
import { isAppUrl } from './security';

/** Regular files named on a command line (Electron's own flags and the app path skipped). */
export function filesInArgv(argv: readonly string[]): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && /\.(onnx|xml|json)$/i.test(a) && isFile(a));
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * A drop is the user choosing a file: the folder becomes one SparseScope may use. Only our
 * own window may say so, only for an absolute path to an existing regular file — the path
 * comes from webUtils.getPathForFile on a real dropped File, never from page script.
 */
export function registerDroppedFiles(ipc: IpcMain, open: (file: string) => Promise<void>): void {
  ipc.on(IPC_DROPPED_CHANNEL, (event: IpcMainEvent, file: unknown) => {
    if (!acceptDropped(event, file)) return;
    void open(file);
  });
}

/** The part of an IPC event the check reads (the sender frame's URL). */
interface Sender {
  senderFrame?: { url: string } | null;
}

export function acceptDropped(event: Sender, file: unknown): file is string {
  if (!isAppUrl(event.senderFrame?.url ?? '')) return false;
  return typeof file === 'string' && file.length < 4096 && path.isAbsolute(file) && isFile(file);
}
