import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

/** What a measured action waits for: an element, optionally with an aria-label, or whose text changed. */
interface Ready {
  selector: string;
  label?: string;
  changed?: boolean;
}

/**
 * Time, inside the page, from a user action to every `ready` element being on screen (the
 * first animation frame in which it exists). Measuring in the page keeps the test driver's own
 * polling out of the figure; the action is a click on an area link, a select's new value or a
 * range input moved to its end, dispatched as the browser would.
 */
async function timeInPage(
  page: Page,
  action:
    | { kind: 'nav'; area: string }
    | { kind: 'select'; label: string; value: string }
    | { kind: 'range-end'; labelStart: string },
  ready: Record<string, Ready>,
): Promise<Record<string, number>> {
  const seen = await page.evaluate(
    async ({ action, ready }) => {
      const labelled = (text: string) =>
        Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.startsWith(text));
      const before = Object.fromEntries(
        Object.entries(ready).map(([name, r]) => [
          name,
          document.querySelector(r.selector)?.textContent,
        ]),
      );
      const t0 = performance.now();
      if (action.kind === 'nav') {
        const links = document.querySelectorAll<HTMLElement>('nav[aria-label="Areas"] a');
        Array.from(links)
          .find((a) => a.textContent?.trim() === action.area)!
          .click();
      } else {
        const label = labelled(action.kind === 'select' ? action.label : action.labelStart)!;
        const input = label.querySelector('select, input') as HTMLSelectElement | HTMLInputElement;
        const proto = Object.getPrototypeOf(input) as object;
        const setValue = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
        const value = action.kind === 'select' ? action.value : (input as HTMLInputElement).max;
        setValue.call(input, value);
        input.dispatchEvent(
          new Event(action.kind === 'select' ? 'change' : 'input', { bubbles: true }),
        );
      }
      const seen: Record<string, number> = {};
      const present = (name: string, { selector, label, changed }: Ready) =>
        Array.from(document.querySelectorAll(selector)).some(
          (el) =>
            (!label || new RegExp(label).test(el.getAttribute('aria-label') ?? '')) &&
            (!changed || el.textContent !== before[name]),
        );
      while (Object.keys(seen).length < Object.keys(ready).length) {
        await new Promise((done) => requestAnimationFrame(done));
        const now = performance.now() - t0;
        for (const [name, r] of Object.entries(ready))
          if (!(name in seen) && present(name, r)) seen[name] = now;
        if (now > 20_000) break;
      }
      return seen;
    },
    { action, ready },
  );
  const missing = Object.keys(ready).filter((name) => !(name in seen));
  if (missing.length) throw new Error(`not on screen within 20 s: ${missing.join(', ')}`);
  return seen;
}

/**
 * The speedup heatmap and curves are what Results opens for: 500 ms. The scatter and the bars
 * render in a deferred pass after them (so a big result set never holds the first view back):
 * 1 s. Interactions: 500 ms.
 */
const DEFERRED = new Set(['open: throughput vs latency', 'open: throughput and latency bars']);
const budgetOf = (label: string) => (DEFERRED.has(label) ? 1000 : 500);

describe(`Results views on a ${CELLS}-cell result set`, () => {
  it('shows the speedup views within 500 ms and the deferred ones within 1 s', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await page.goto(serve.url + '#/sweeps');
    await page.getByRole('table', { name: 'Runs' }).getByText(`${CELLS}/${CELLS}`).waitFor();
    // First visit fetches the run (about a megabyte of results over the socket); not a render.
    const nav = (area: string) =>
      page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: area }).click();
    await nav('Results');
    await page.getByTestId('heat-s2-t2').waitFor();
    const views: Record<string, Ready> = {
      'open: heatmap': { selector: '[data-testid="heat-s2-t2"]' },
      'open: speedup vs seq chart': { selector: 'svg.seq-chart path.line' },
      'open: throughput vs latency': { selector: 'svg.scatter circle' },
      'open: throughput and latency bars': { selector: '.bar-table .bar-fill' },
    };
    // Opening Results, three to five times: the best is the renderer's own cost, the others add
    // whatever else this shared machine was doing then (a busy moment gets two more tries).
    const opens: Record<string, number>[] = [];
    const best = (label: string) => Math.min(...opens.map((o) => o[label] ?? Infinity));
    const within = () => Object.keys(views).every((label) => best(label) <= budgetOf(label));
    for (let i = 0; i < 5 && (i < 3 || !within()); i++) {
      await nav('Sweeps');
      await page.getByRole('table', { name: 'Runs' }).waitFor();
      opens.push(await timeInPage(page, { kind: 'nav', area: 'Results' }, views));
    }
    const times: Record<string, number> = {};
    for (const label of Object.keys(views)) times[label] = best(label);
    Object.assign(
      times,
      await timeInPage(
        page,
        { kind: 'select', label: 'Sequence length (heatmap, bars)', value: '84' },
        { 'heatmap + bars: change seq': { selector: 'table', label: 'seq 84: streams × threads' } },
      ),
      await timeInPage(
        page,
        { kind: 'select', label: 'Comparison', value: pairValue(await comparisonValues(page)) },
        {
          'seq chart + heatmap: change comparison': {
            selector: 'figure',
            label: 'builtin over ort .* vs sequence length',
          },
        },
      ),
      await timeInPage(
        page,
        { kind: 'range-end', labelStart: 'Latency budget' },
        {
          'throughput vs latency: move budget': {
            selector: '[data-testid="sweet-spot-best"]',
            changed: true,
          },
        },
      ),
    );
    for (const [i, o] of opens.entries())
      console.log(
        `render-500: open ${i + 1}: ${Object.values(o)
          .map((ms) => ms.toFixed(0))
          .join(' / ')} ms`,
      );
    for (const [label, ms] of Object.entries(times))
      console.log(`render-500: ${label} ${ms.toFixed(0)} ms`);
    await page.getByRole('figure', { name: /builtin over ort .* vs sequence length/ }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'results-500.png'), fullPage: false });
    for (const [label, ms] of Object.entries(times))
      expect(ms, label).toBeLessThanOrEqual(budgetOf(label));
    await page.close();
  });
});

/** The Comparison select's options as [value, text] pairs. */
function comparisonValues(page: Page): Promise<Array<[string, string]>> {
  return page
    .getByLabel('Comparison')
    .evaluate((el) => Array.from((el as HTMLSelectElement).options).map((o) => [o.value, o.text]));
}

/** The value of the "builtin over ort" comparison. */
function pairValue(options: Array<[string, string]>): string {
  const hit = options.find(([, text]) => text === 'builtin over ort');
  if (!hit)
    throw new Error(
      `no "builtin over ort" comparison among ${options.map((o) => o[1]).join(', ')}`,
    );
  return hit[0];
}
