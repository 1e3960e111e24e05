import { existsSync } from 'node:fs';
import type { Browser, BrowserType } from 'playwright-core';
import { UserError } from '../api/errors';

/** Debian's Chromium unless SPARSESCOPE_CHROMIUM names another Chromium or Chrome binary. */
export function chromiumPath(): string {
  return process.env.SPARSESCOPE_CHROMIUM ?? '/usr/bin/chromium';
}

/** Flags for a headless Chromium on a closed network: no sandbox, GPU or background fetches. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Start headless Chromium through playwright-core for `purpose` ("PDF export", "PNG output").
 * A missing binary, a missing package or a failed start is a UserError naming what to do,
 * `instead` being the way to get the result without Chromium.
 */
export async function launchHeadlessChromium(purpose: string, instead: string): Promise<Browser> {
  const exe = chromiumPath();
  if (!existsSync(exe))
    throw new UserError(
      'EngineUnavailable',
      `${purpose} needs Chromium, and ${exe} is not there.`,
      `Install it (Debian: apt-get install chromium), point SPARSESCOPE_CHROMIUM at a Chromium or Chrome binary, or ${instead}.`,
    );
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new UserError(
      'EngineUnavailable',
      `${purpose} needs the playwright-core package to drive Chromium, and it is not installed.`,
      `Run \`npm install\` in the SparseScope folder, or ${instead}.`,
    );
  }
  try {
    return await chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new UserError(
      'EngineUnavailable',
      `${purpose} could not start Chromium (${exe}).`,
      (err as Error).message.split('\n')[0],
    );
  }
}
