import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/util/paths';
import { OUTPUT_DIR, launchChromium, startServe } from './support';

// A real 504-cell sweep (tiny models, 2 iterations per cell) measured on this machine, then
// each Results view is timed in Chromium: the renderer must stay fast on big result sets.
const CELLS = 504;
let browser: Browser;
let serve: { url: string; child: ChildProcess };

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(projectRoot(), 'dist/core/bin.js'), ...args], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`sparsescope ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  const home = process.env.SPARSESCOPE_HOME!;
  const models = path.join(home, 'models');
  mkdirSync(models, { recursive: true });
  cli('make-model', '--preset', 'tiny', '-o', path.join(models, 'dense.onnx'));
  cli(
    'make-model',
    '--preset',
    'tiny',
    '--sparsity',
    '0.9',
    '-o',
    path.join(models, 'sparse.onnx'),
  );
  const seq = Array.from({ length: 21 }, (_, i) => 4 * (i + 1));
  const config = {
    version: 1,
    name: 'render 500',
    variants: [
      { label: 'dense', model: path.join(models, 'dense.onnx') },
      {
        label: 'sparse90',
        model: path.join(models, 'sparse.onnx'),
        overrides: { sparse_rate: 0.5 },
      },
    ],
    engines: ['ort', 'builtin'],
    streams: [1, 2],
    threads: [1, 2],
    seq,
    batch: [1, 2],
    niter: 2,
    warmup: 0,
    repeats: 1,
  };
  const file = path.join(home, 'render-500.json');
  writeFileSync(file, JSON.stringify(config));
  const started = Date.now();
  cli('sweep', '-c', file, '-o', path.join(home, 'sweeps', 'render-500'));
  console.log(
    `render-500: ${CELLS}-cell sweep measured in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  serve = await startServe();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  serve?.child.kill('SIGTERM');
});

describe(`Results views on a ${CELLS}-cell result set`, () => {
  it('render each view within 500 ms', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await page.goto(serve.url + '#/sweeps');
    await page.getByRole('table', { name: 'Runs' }).getByText(`${CELLS}/${CELLS}`).waitFor();
    // Time from a user action to the view showing its new numbers, measured in the page.
    const timed = async (act: () => Promise<void>, ready: () => Promise<void>) => {
      const t0 = await page.evaluate(() => performance.now());
      await act();
      await ready();
      return (await page.evaluate(() => performance.now())) - t0;
    };
    const nav = (name: string) =>
      page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name }).click();
    // First visit fetches the run (about a megabyte of results over the socket); not a render.
    await nav('Results');
    await page.getByTestId('heat-s2-t2').waitFor();
    await nav('Sweeps');
    const times: Record<string, number> = {};
    // Opening Results: each view's time from the click until it is on screen.
    const t0 = await page.evaluate(() => performance.now());
    await nav('Results');
    const views: Array<[string, ReturnType<typeof page.locator>]> = [
      ['heatmap', page.getByTestId('heat-s2-t2')],
      ['speedup vs seq chart', page.locator('.recharts-line-curve').first()],
      ['throughput vs latency', page.locator('svg.scatter circle').first()],
      ['throughput and latency bars', page.locator('.recharts-bar-rectangle').first()],
    ];
    for (const [label, locator] of views) {
      await locator.waitFor();
      times[`open: ${label}`] = (await page.evaluate(() => performance.now())) - t0;
    }
    times['heatmap + bars: change seq'] = await timed(
      async () =>
        void (await page.getByLabel('Sequence length (heatmap, bars)').selectOption('84')),
      () => page.getByRole('table', { name: /seq 84: streams × threads/ }).waitFor(),
    );
    times['seq chart + heatmap: change comparison'] = await timed(
      async () =>
        void (await page.getByLabel('Comparison').selectOption({ label: 'builtin over ort' })),
      () => page.getByRole('figure', { name: /builtin over ort .* vs sequence length/ }).waitFor(),
    );
    times['throughput vs latency: move budget'] = await timed(
      async () => {
        await page.getByLabel(/Latency budget/).focus();
        await page.keyboard.press('End');
      },
      () => page.getByTestId('sweet-spot-best').filter({ hasText: 'best within' }).waitFor(),
    );
    for (const [label, ms] of Object.entries(times))
      console.log(`render-500: ${label} ${ms.toFixed(0)} ms`);
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'results-500.png'), fullPage: false });
    for (const [label, ms] of Object.entries(times)) expect(ms, label).toBeLessThanOrEqual(500);
    await page.close();
  });
});
