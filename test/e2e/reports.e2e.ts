import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/util/paths';
import { measureSweep } from '../unit/report/report-fixture';
import { OUTPUT_DIR, useServeAndBrowser, watchErrors } from './support';

// Reports from the UI (web mode, Debian Chromium): the Export dialog from Results and Profile
// with its live preview, exports in HTML and PDF (the PDF looked at through pdftoppm, the
// HTML opened in Chromium), and the Reports area listing and exporting again.

const env = useServeAndBrowser();
const ortProfile = path.join(projectRoot(), 'test/fixtures/profiles/ort-tiny-seq16-3runs.json');

// A real sweep in the workspace the server shows: tiny dense vs 90% sparse on ORT and the builtin.
beforeAll(async () => {
  await measureSweep({
    out: path.join(process.env.SPARSESCOPE_HOME!, 'sweeps', 'reports-e2e'),
    threads: [1, 2],
  });
}, 600_000);

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name }).click();

async function exportAs(page: Page, format: string, file: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Export report' });
  await dialog.getByLabel('Format').selectOption(format);
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await dialog.getByRole('button', { name: `Export ${format.toUpperCase()}` }).click();
  const saved = path.join(OUTPUT_DIR, file);
  await (await download).saveAs(saved);
  await dialog.getByRole('status').filter({ hasText: 'Exported' }).waitFor();
  return saved;
}

describe('reports from the UI', () => {
  it('exports a sweep from Results with a live preview, lists and re-exports it in Reports', async () => {
    const page = await env.browser.newPage({
      viewport: { width: 1360, height: 1000 },
      acceptDownloads: true,
    });
    const errors = watchErrors(page);
    await page.goto(env.url + '#/results');
    await page.getByRole('button', { name: 'Export report…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export report' });
    const frame = page.frameLocator('iframe[title="Report preview"]');
    await frame.getByRole('heading', { name: 'Speedups' }).waitFor({ timeout: 60_000 });
    expect(await frame.locator('table#t-r1-results tbody tr').count()).toBe(16);
    // The preview follows the section choice.
    expect(await frame.getByRole('heading', { name: 'All measurements' }).count()).toBe(1);
    await dialog.getByLabel('Every measurement').uncheck();
    await expect
      .poll(() => frame.getByRole('heading', { name: 'All measurements' }).count())
      .toBe(0);
    await dialog.getByLabel('Title').fill('Sparse vs dense on tiny');
    await frame.getByRole('heading', { name: 'Sparse vs dense on tiny' }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'reports-dialog-light.png') });
    await page.getByRole('button', { name: /Switch to dark theme/ }).dispatchEvent('click');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'reports-dialog-dark.png') });
    await page.getByRole('button', { name: /Switch to light theme/ }).dispatchEvent('click');

    const html = await exportAs(page, 'html', 'report-e2e.html');
    expect(readFileSync(html, 'utf8')).toContain('<h1>Sparse vs dense on tiny</h1>');
    const pdf = await exportAs(page, 'pdf', 'report-e2e.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const png = spawnSync('pdftoppm', [
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '2',
      '-png',
      pdf,
      path.join(OUTPUT_DIR, 'report-e2e-pdf'),
    ]);
    expect(png.error, 'pdftoppm (Debian poppler-utils) converts the PDF').toBeUndefined();
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('dense.onnx');
    expect(text).toMatch(/Best configuration within [\d.]+ ms median latency: \S+\|seq\d+\|b1/);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The HTML as someone without SparseScope opens it.
    const reader = await env.browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await reader.goto('file://' + html);
    await reader.screenshot({
      path: path.join(OUTPUT_DIR, 'report-e2e-html.png'),
      fullPage: false,
    });
    expect(await reader.locator('script').count()).toBe(0);
    await reader.close();

    await nav(page, 'Reports');
    const table = page.getByRole('table', { name: 'Exported reports' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3); // header + 2
    const again = page.waitForEvent('download');
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'PDF', exact: true }) });
    await row.getByRole('combobox').selectOption('csv');
    await row.getByRole('button', { name: /Export .* again as CSV/ }).click();
    expect((await again).suggestedFilename()).toMatch(/-tables\.zip$/);
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'reports-area.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports an imported ORT profile from Profile with its hotspots', async () => {
    const page = await env.browser.newPage({
      viewport: { width: 1360, height: 1000 },
      acceptDownloads: true,
    });
    const errors = watchErrors(page);
    await page.goto(env.url + '#/profile');
    const form = page.getByRole('form', { name: 'Import a profile' });
    await form.getByLabel(/Profile file on the host/).fill(ortProfile);
    await form.getByRole('button', { name: 'Import profile' }).click();
    await page.getByRole('table', { name: 'Hotspots' }).waitFor();
    await page.getByRole('button', { name: 'Export report…' }).click();
    const frame = page.frameLocator('iframe[title="Report preview"]');
    await frame.getByRole('heading', { name: 'Hotspots' }).waitFor({ timeout: 60_000 });
    expect(await frame.locator('table#t-p1-hotspots tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'reports-dialog-profile.png') });
    const html = await exportAs(page, 'html', 'report-e2e-profile.html');
    expect(readFileSync(html, 'utf8')).toContain('Time per op type');
    expect(errors).toEqual([]);
    await page.close();
  });
});
