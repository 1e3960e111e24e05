import { existsSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import { UserError } from '../api/errors';
import { SerialQueue, writeFileAtomic } from '../util/atomic-write';
import { readJson } from '../util/json-reader';
import { readTextSafeSync } from '../util/safe-file';

/**
 * A small JSON index the host keeps in the workspace (the model list, settings): versioned,
 * written by one writer at a time (a queue) with unique temp names and an atomic rename.
 * A damaged file is never silently dropped: it is kept beside the index as
 * `NAME.damaged-TIME` and the reader says what was wrong, so the caller can rebuild what it
 * can and tell the user.
 */
export class IndexFile<T> {
  private readonly queue = new SerialQueue();

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    /** What the file holds, for messages: "the model list". */
    private readonly what: string,
  ) {}

  /** The stored value; null when there is no file yet; `damaged` says why one was set aside. */
  read(): { value: T | null; damaged: string | null } {
    if (!existsSync(this.file)) return { value: null, damaged: null };
    let reason: string;
    try {
      const text = readTextSafeSync(this.file, {
        maxBytes: 256 * 2 ** 20,
        kind: 'BadResults',
        what: 'index file',
      });
      const parsed = this.schema.safeParse(
        readJson(text, { source: this.file, kind: 'BadResults' }),
      );
      if (parsed.success) return { value: parsed.data, damaged: null };
      const issue = parsed.error.issues[0]!;
      reason = `${this.file}, at ${issue.path.join('.') || '(top level)'}: ${issue.message}`;
    } catch (err) {
      reason = err instanceof UserError ? err.message : (err as Error).message;
    }
    const backup = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.file, backup);
    return {
      value: null,
      damaged: `${this.what} was damaged (${reason}); the damaged file is kept as ${backup}.`,
    };
  }

  /** Write the value; concurrent writes run one after another, the last one wins. */
  write(value: T): Promise<void> {
    return this.queue.run(() => writeFileAtomic(this.file, JSON.stringify(value, null, 2) + '\n'));
  }
}
