import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../core/util/headless-chromium';
import { projectRoot } from '../../core/util/paths';
import { startServe } from '../unit/helpers/serve';

export { startServe };

export const OUTPUT_DIR = path.join(projectRoot(), 'test-output', 'e2e');

/** Debian's Chromium, headless, with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-quic'],
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
