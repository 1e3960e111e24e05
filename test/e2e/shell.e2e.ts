import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineInfo } from '../../core/bench/machine';
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

  it('a page without the token gets 401', async () => {
    const page = await env.browser.newPage();
    const bare = env.url.replace(/\?token=.*/, '');
    const response = await page.goto(bare);
    expect(response?.status()).toBe(401);
    await page.close();
  });
});
