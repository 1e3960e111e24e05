import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { readFileSafe, readFileSafeSync } from '../../../core/util/safe-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'safe-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const limits = { maxBytes: 1024, kind: 'BadConfig', what: 'config file' } as const;

async function refusal(file: string): Promise<string> {
  const started = Date.now();
  const err = await readFileSafe(file, limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect(() => readFileSafeSync(file, limits)).toThrow(UserError);
  expect(Date.now() - started).toBeLessThan(2000);
  return (err as UserError).message;
}

describe('readFileSafe', () => {
  it('reads a regular file within the limit, through a link too', async () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, '{"a":1}');
    symlinkSync(file, path.join(dir, 'ok-link.json'));
    expect((await readFileSafe(path.join(dir, 'ok-link.json'), limits)).toString()).toBe('{"a":1}');
    expect(readFileSafeSync(file, limits).toString()).toBe('{"a":1}');
  });

  it('refuses devices, links to them, folders and FIFOs at once', async () => {
    expect(await refusal('/dev/zero')).toBe(
      '/dev/zero: expected a regular config file, but it is a character device.',
    );
    symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    expect(await refusal(path.join(dir, 'zero.json'))).toMatch(/but it is a character device/);
    mkdirSync(path.join(dir, 'folder.json'));
    expect(await refusal(path.join(dir, 'folder.json'))).toMatch(/but it is a folder/);
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toMatch(/but it is a FIFO \(named pipe\)/);
  });

  it('refuses a file over the limit and names a missing one', async () => {
    const big = path.join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(2000));
    expect(await refusal(big)).toBe(
      `${big}: expected a config file of at most 1.0 KiB, but it has 2.0 KiB.`,
    );
    expect(await refusal(path.join(dir, 'missing.json'))).toMatch(/no such file/);
  });
});
