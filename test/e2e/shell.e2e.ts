import { mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineInfo } from '../../core/bench/machine';
import { writeDeepModel } from '../fixtures/graph/deep-model';
import { OUTPUT_DIR, useServeAndBrowser, watchErrors } from './support';

const env = useServeAndBrowser();

describe('app shell in web mode', () => {
  it('shows SparseScope with this machine’s CPU and cores, no console errors', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    await expect.poll(() => page.title()).toBe('SparseScope');
    await page.getByRole('heading', { name: 'SparseScope' }).waitFor();
    const m = machineInfo();
    await page.getByTestId('cpu-model').filter({ hasText: m.cpuModel }).waitFor();
    expect(await page.getByTestId('logical-cores').textContent()).toBe(String(m.logicalCores));
    // The token left the address bar once it became a cookie.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'machine-light.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('navigates every area by role and name, with honest empty states', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    const nav = page.getByRole('navigation', { name: 'Areas' });
    for (const area of ['Models', 'Sweeps', 'Results', 'Profile', 'Graph', 'Config', 'Reports']) {
      await nav.getByRole('link', { name: area }).click();
      await page.getByRole('main', { name: area }).getByRole('heading', { name: area }).waitFor();
      expect(await nav.getByRole('link', { name: area }).getAttribute('aria-current')).toBe('page');
    }
    await nav.getByRole('link', { name: 'Machine' }).click();
    await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
    await page.getByTestId('cpu-model').waitFor();
    await page.screenshot({
      path: path.join(OUTPUT_DIR, 'machine-toggled-theme.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps settings on the host: theme, default engine, results folder, recent files', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    const settings = page.getByRole('form', { name: 'Settings' });
    await settings.getByLabel('Theme').selectOption('dark');
    await settings.getByLabel('Default engine').selectOption('ort');
    // A folder outside the allowed ones is refused with the host's reason.
    await settings.getByLabel(/Results folder/).fill('/etc');
    await settings.getByRole('button', { name: 'Save folder' }).click();
    await page.getByText(/may only use results folders inside the folders you chose/).waitFor();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-results-'));
    await settings.getByLabel(/Results folder/).fill(folder);
    await settings.getByRole('button', { name: 'Save folder' }).click();
    await expect
      .poll(() => settings.getByRole('button', { name: 'Save folder' }).isDisabled())
      .toBe(true);
    // A model opened on the Models page comes back in the recent list.
    const model = path.join(folder, 'deep-2.onnx');
    await writeDeepModel(model, 2);
    const nav = page.getByRole('navigation', { name: 'Areas' });
    await nav.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'Open model…' }).click();
    await page.getByLabel('Path on the host').fill(model);
    await page.getByRole('button', { name: 'Open path' }).click();
    await page.getByRole('table', { name: 'Models' }).getByText('deep-2').first().waitFor();
    // A fresh page reads it all back from the host (not from its own storage).
    await page.evaluate(() => localStorage.clear());
    await page.goto(env.url);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.theme))
      .toBe('dark');
    await page.getByRole('list', { name: 'Recent files' }).getByText(model).waitFor();
    expect(await settings.getByLabel('Default engine').inputValue()).toBe('ort');
    expect(await settings.getByLabel(/Results folder/).inputValue()).toBe(realpathSync(folder));
    await page
      .getByRole('region', { name: 'Settings' })
      .screenshot({ path: path.join(OUTPUT_DIR, 'machine-settings-dark.png') });
    // Forms start with the default engine.
    await nav.getByRole('link', { name: 'Profile' }).click();
    const form = page.getByRole('form', { name: 'Run a profile' });
    expect(await form.getByLabel('Engine').inputValue()).toBe('ort');
    await nav.getByRole('link', { name: 'Machine' }).click();
    await settings.getByLabel('Theme').selectOption('light');
    await settings.getByLabel('Default engine').selectOption('');
    expect(errors.filter((e) => !/403|Forbidden/.test(e))).toEqual([]);
    await page.close();
  });

  it('a page without the token gets 401', async () => {
    const page = await env.browser.newPage();
    const bare = env.url.replace(/\?token=.*/, '');
    const response = await page.goto(bare);
    expect(response?.status()).toBe(401);
    await page.close();
  });
});
