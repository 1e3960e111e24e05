import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../../core/util/paths';

/** Start `sparsescope serve` exactly as users do (built bundle, loopback, token) and read its URL. */
export async function startServe(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      path.join(projectRoot(), 'dist/core/bin.js'),
      'serve',
      '--no-open',
      '--port',
      '0',
      // Tests open fixtures and files they write to temp folders: the folders a user would allow.
      '--folder',
      path.join(projectRoot(), 'test'),
      '--folder',
      os.tmpdir(),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in 20 s:\n${out}`)),
      20_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { url, child };
}
