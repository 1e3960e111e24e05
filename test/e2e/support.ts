import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../../core/util/paths';

export const OUTPUT_DIR = path.join(projectRoot(), 'test-output', 'e2e');
const CHROMIUM = process.env.SPARSESCOPE_CHROMIUM ?? '/usr/bin/chromium';

/** Start `sparsescope serve` exactly as users do (built bundle, loopback, token) and read its URL. */
export async function startServe(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [path.join(projectRoot(), 'dist/core/bin.js'), 'serve', '--no-open', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
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

/** Debian's Chromium, headless, with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** Collect console errors and page errors; tests assert the list stays empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * The usual e2e fixture: one `sparsescope serve` and one Chromium for the whole file.
 * Read `env.url` and `env.browser` inside tests (they are set in beforeAll).
 */
export function useServeAndBrowser(): { url: string; browser: Browser } {
  const env = {} as { url: string; browser: Browser };
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    const serve = await startServe();
    child = serve.child;
    env.url = serve.url;
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    child?.kill('SIGTERM');
  });
  return env;
}
