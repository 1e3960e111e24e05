import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { SerialQueue, writeFileAtomic, writeFileAtomicSync } from '../../../core/util/atomic-write';

describe('atomic writes', () => {
  it('lets many writers of one file all succeed, leaving one whole version and no temp file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    const file = path.join(dir, 'index.json');
    const bodies = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ i, pad: 'x'.repeat(5000) }),
    );
    const results = await Promise.allSettled(bodies.map((b) => writeFileAtomic(file, b)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(bodies).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['index.json']);
  });

  it('refuses a missing folder or a folder target with WriteFailed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
    expect(() => writeFileAtomicSync(path.join(dir, 'no/such/f.json'), 'x')).toThrow(
      /Cannot write .*no\/such\/f\.json: folder .* does not exist/,
    );
    expect(() => writeFileAtomicSync(dir, 'x')).toThrow(UserError);
  });

  it('runs queued tasks one at a time in order, even when one fails', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            log.push(name);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, ms),
        );
    const all = await Promise.allSettled([
      queue.run(task('a', 30)),
      queue.run(task('b', 1, true)),
      queue.run(task('c', 1)),
    ]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(all.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
