import { existsSync } from 'node:fs';
import type { BrowserType } from 'playwright-core';
import { UserError } from '../api/errors';
import { PDF_PRINT_OPTIONS } from './render-report';

/** Chromium prints PDFs in the CLI and the web host; SPARSESCOPE_CHROMIUM names another binary. */
export function chromiumPath(): string {
  return process.env.SPARSESCOPE_CHROMIUM ?? '/usr/bin/chromium';
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Print a report's HTML to PDF in headless Chromium (driven by playwright-core): A4, the
 * report's own print CSS, backgrounds kept (the heatmap colours), page numbers. JavaScript
 * is off and every request is refused: the report needs neither. A clear UserError names
 * what is missing when Chromium or playwright-core is not there.
 */
export async function chromiumPdf(html: string): Promise<Uint8Array> {
  const exe = chromiumPath();
  if (!existsSync(exe))
    throw new UserError(
      'EngineUnavailable',
      `PDF export needs Chromium, and ${exe} is not there.`,
      'Install it (Debian: apt-get install chromium), point SPARSESCOPE_CHROMIUM at a Chromium or Chrome binary, or export HTML and print it from a browser.',
    );
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new UserError(
      'EngineUnavailable',
      'PDF export needs the playwright-core package to drive Chromium, and it is not installed.',
      'Run `npm install playwright-core` in the SparseScope folder, or export HTML and print it from a browser.',
    );
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath: exe, headless: true, args: ARGS });
  } catch (err) {
    throw new UserError(
      'EngineUnavailable',
      `PDF export could not start Chromium (${exe}).`,
      (err as Error).message.split('\n')[0],
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', ...PDF_PRINT_OPTIONS });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
