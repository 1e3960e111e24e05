import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, launchChromium, startServe, watchErrors } from './support';

let browser: Browser;
let serve: { url: string; child: ChildProcess };
let page: Page;
let errors: string[];

beforeAll(async () => {
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  serve?.child.kill('SIGTERM');
});

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name }).click();

interface StoredLine {
  cell_id: string;
  status: string;
  result: {
    throughput_fps: number;
    engine: string;
    model: { variant: string };
    config: { streams: number; threads: number; seq: number };
  };
}

function storedLines(sweepName: string): StoredLine[] {
  const home = process.env.SPARSESCOPE_HOME!;
  for (const id of readdirSync(path.join(home, 'sweeps'))) {
    const meta = JSON.parse(readFileSync(path.join(home, 'sweeps', id, 'sweep.json'), 'utf8')) as {
      name: string;
    };
    if (meta.name !== sweepName) continue;
    return readFileSync(path.join(home, 'sweeps', id, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StoredLine);
  }
  throw new Error(`no stored sweep named ${sweepName}`);
}

describe('workbench: what a new user does', () => {
  it('quick start generates models, sweeps them on this machine and opens the results', async () => {
    await page.goto(serve.url);
    const started = Date.now();
    await page.getByRole('button', { name: 'Run quick start' }).click();
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor({ timeout: 120_000 });
    const history = page.getByRole('table', { name: 'Run history' });
    await history
      .getByRole('row')
      .filter({ hasText: 'Quick start' })
      .getByRole('cell', { name: 'finished' })
      .waitFor({ timeout: 580_000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`quick start: models + sweep finished in ${seconds.toFixed(1)} s`);
    await page.getByRole('table', { name: /seq 32: streams × threads/ }).waitFor();
    // The first chart is one where an effect is expected: sparse over dense on builtin.
    expect(await page.getByLabel('Comparison').locator('option:checked').textContent()).toBe(
      'sparse80-fp32 over dense-fp32',
    );
    expect(await page.getByLabel('Engine').inputValue()).toBe('builtin');
    // The threads {1, cores} grid: three (streams, threads) cells on a 2-core machine.
    expect(await page.locator('table.heatmap td[data-testid]').count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({
      path: path.join(OUTPUT_DIR, 'quick-start-results.png'),
      fullPage: true,
    });
    // On ORT, which ignores sparsity, the same comparison is noise, and the heatmap says so.
    await page.getByLabel('Engine').selectOption('ort');
    const noise = page.locator('table.heatmap td.noise').first();
    await noise.waitFor();
    expect(await noise.textContent()).toMatch(/^≈\d/);
    expect(await noise.getAttribute('title')).toMatch(/within noise \(95% CI \d\.\d\d–\d\.\d\d\)/);
    await page.screenshot({
      path: path.join(OUTPUT_DIR, 'quick-start-ort-noise.png'),
      fullPage: true,
    });
  }, 600_000);

  it('builds a 2 × 2 × 2 builtin sweep over a dense/sparse pair; charts show the stored numbers', async () => {
    await nav('Sweeps');
    const builder = page.getByRole('region', { name: 'Sweep builder' });
    await builder.getByRole('checkbox', { name: 'bert-mini · dense · fp32' }).check();
    await builder.getByRole('checkbox', { name: 'bert-mini · 80% sparse · fp32' }).check();
    await builder.getByRole('checkbox', { name: /^ort/ }).uncheck();
    await builder.getByRole('checkbox', { name: /^builtin/ }).check();
    await builder.getByLabel('Streams').fill('1, 2');
    await builder.getByLabel('Threads (total)').fill('1, 2');
    await builder.getByLabel('Sequence lengths').fill('16, 64');
    await builder.getByLabel('Seconds per cell').fill('0.5');
    // threads < streams is skipped: 3 (streams, threads) pairs × 2 seq × 2 variants × 3 repeats.
    expect(await builder.getByTestId('sweep-estimate').textContent()).toMatch(/^36 cells/);
    await builder.getByRole('button', { name: 'Start sweep' }).click();
    const name = 'bert-mini-dense-fp32 vs bert-mini-80-sparse-fp32';
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs
      .getByRole('row')
      .filter({ hasText: name })
      .getByRole('cell', { name: 'finished' })
      .waitFor({ timeout: 400_000 });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'builder-sweep.png'), fullPage: true });

    const lines = storedLines(name);
    expect(lines).toHaveLength(36);
    expect(lines.every((l) => l.status === 'ok' && l.result.engine === 'builtin')).toBe(true);
    const fps = (variant: string, s: number, t: number, seq: number, repeat: number) =>
      lines.find(
        (l) =>
          l.result.model.variant.includes(variant) &&
          l.result.config.streams === s &&
          l.result.config.threads === t &&
          l.result.config.seq === seq &&
          l.cell_id.endsWith(`|r${repeat}`),
      )!.result.throughput_fps;
    // The chart's number: the median of the three per-repeat ratios.
    const expected = (s: number, t: number, seq: number) =>
      [0, 1, 2]
        .map((r) => fps('sparse', s, t, seq, r) / fps('dense', s, t, seq, r))
        .sort((a, b) => a - b)[1]!
        .toFixed(2);
    const shown = async (testId: string) =>
      (await page.getByTestId(testId).textContent())!.replace(/^≈/, '');

    await nav('Results');
    await page
      .getByRole('combobox', { name: /^Run\b/ })
      .selectOption({ label: `${name} (sweep, 36/36)` });
    await page
      .getByLabel('Comparison')
      .selectOption({ label: 'bert-mini-80-sparse-fp32 over bert-mini-dense-fp32' });
    for (const seq of [16, 64]) {
      await page.getByLabel('Sequence length (heatmap, bars)').selectOption(String(seq));
      for (const [s, t] of [
        [1, 1],
        [1, 2],
        [2, 2],
      ] as const) {
        expect(await shown(`heat-s${s}-t${t}`)).toBe(expected(s, t, seq));
        expect(
          await page.getByTestId(`seq-s${s}·t${t}-${seq}`).locator('td').nth(2).textContent(),
        ).toBe(expected(s, t, seq));
      }
      expect(await page.getByTestId('heat-s2-t1').count()).toBe(0);
    }
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'builder-results.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    await page.screenshot({
      path: path.join(OUTPUT_DIR, 'builder-results-dark.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
  }, 500_000);

  it('main views are reachable by keyboard and every control has an accessible name', async () => {
    await page.goto(serve.url + '#/machine');
    // Tab to the navigation and open Results with the keyboard alone.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (focused === 'Results') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Results', level: 2 }).waitFor();
    for (const area of ['Machine', 'Models', 'Sweeps', 'Results']) {
      await nav(area);
      const unnamed = await page.evaluate(() => {
        const controls = Array.from(
          document.querySelectorAll('button, input, select, textarea, a[href]'),
        );
        return controls
          .filter((el) => {
            const labelled =
              el.getAttribute('aria-label') ||
              el.getAttribute('aria-labelledby') ||
              el.closest('label');
            const text = (el.textContent ?? '').trim();
            return !labelled && !text && !(el as HTMLInputElement).labels?.length;
          })
          .map((el) => el.outerHTML.slice(0, 120));
      });
      expect(unnamed, `unnamed controls in ${area}`).toEqual([]);
    }
  });
});
