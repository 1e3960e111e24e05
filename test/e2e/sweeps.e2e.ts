import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { OUTPUT_DIR, useServeAndBrowser, watchErrors } from './support';

const env = useServeAndBrowser();

async function generate(page: Page, sparsity: string, label: string) {
  const form = page.getByRole('form', { name: 'Generate a model' });
  await form.getByLabel('Preset').selectOption('tiny');
  await form.getByLabel('Sparsity (%)').fill(sparsity);
  await form.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('table', { name: 'Models' }).getByRole('button', { name: label }).waitFor();
}

describe('Sweeps area', () => {
  it('starts a sweep from a JSON config, shows live progress and the stored results', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(env.url + '#/models');
    await generate(page, '0', 'bert-tiny · dense · fp32');
    await generate(page, '80', 'bert-tiny · 80% sparse · fp32');

    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('link', { name: 'Sweeps' })
      .click();
    // The builder's sweep, started from the one config editor ("Edit as JSON").
    const builder = page.getByRole('region', { name: 'Sweep builder' });
    await builder.getByLabel('bert-tiny · dense · fp32').check();
    await builder.getByLabel('bert-tiny · 80% sparse · fp32').check();
    await builder.getByLabel('Streams').fill('1, 2');
    await builder.getByLabel('Threads (total)').fill('2');
    await builder.getByLabel('Sequence lengths').fill('64');
    await builder.getByLabel('Repeats').fill('1');
    await builder.getByRole('button', { name: 'Edit as JSON' }).click();
    await page.getByRole('status', { name: 'Config kind' }).getByText('sweep config').waitFor();
    await page.getByRole('button', { name: 'Start sweep' }).click();

    const progress = page.getByRole('progressbar', { name: 'Sweep progress' });
    await progress.waitFor();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('cell', { name: 'finished' }).waitFor({ timeout: 90_000 });
    await expect.poll(() => progress.getAttribute('aria-valuetext')).toBe('4 of 4 cells');

    // Every median shown equals the one stored on disk (one repeat: the cell's own result).
    const home = process.env.SPARSESCOPE_HOME!;
    const [sweepId] = readdirSync(path.join(home, 'sweeps'));
    const stored = readFileSync(path.join(home, 'sweeps', sweepId!, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; result: { throughput_fps: number } });
    expect(stored).toHaveLength(4);
    expect(stored.every((l) => l.status === 'ok')).toBe(true);
    const table = page.getByRole('table', { name: 'Sweep results' });
    await expect.poll(() => table.getByRole('row').count()).toBe(5);
    const shown = (await table.locator('tbody tr td:nth-child(7)').allTextContents()).sort();
    expect(shown).toEqual(stored.map((l) => l.result.throughput_fps.toFixed(2)).sort());
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'sweeps.png'), fullPage: true });

    // Results: the heatmap prints throughput(sparse)/throughput(dense) per streams × threads.
    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('link', { name: 'Results' })
      .click();
    const full = readFileSync(path.join(home, 'sweeps', sweepId!, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            result: {
              throughput_fps: number;
              model: { variant: string };
              config: { streams: number; threads: number };
            };
          },
      );
    for (const streams of [1, 2]) {
      const fps = (variant: string) =>
        full.find(
          (l) => l.result.model.variant.includes(variant) && l.result.config.streams === streams,
        )!.result.throughput_fps;
      const cell = page.getByTestId(`heat-s${streams}-t2`);
      await cell.waitFor();
      // One repeat: no interval, so the cell is shown as within noise (≈) with the ratio.
      expect(await cell.textContent()).toBe(`≈${(fps('sparse') / fps('dense')).toFixed(2)}`);
    }
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'results.png'), fullPage: true });

    // A cell marked as measured under load (as the load sampler marks them) is offered again:
    // the button re-runs it with the cell it is paired with, and the run still counts 4 cells.
    const file = path.join(home, 'sweeps', sweepId!, 'results.jsonl');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { cell_id: string; result: { load: { noisy: boolean } } });
    const marked = lines.find((l) => l.cell_id.includes('|s2|'));
    for (const l of lines) l.result.load.noisy = l === marked;
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('link', { name: 'Sweeps' })
      .click();
    await runs.getByText(/ vs /).click();
    const notice = page.getByTestId('noisy-cells');
    await notice
      .getByText('1 cell was measured while other processes loaded the machine')
      .waitFor();
    await notice
      .getByRole('button', { name: 'Re-run it with the cells it is paired with' })
      .click();
    await expect
      .poll(() => readFileSync(file, 'utf8').trim().split('\n').length, { timeout: 60_000 })
      .toBe(6);
    await runs.getByRole('cell', { name: 'finished' }).waitFor({ timeout: 30_000 });
    await runs.getByText('4/4').waitFor();
    const again = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(4)
      .map((l) => (JSON.parse(l) as { cell_id: string }).cell_id);
    expect(again.every((id) => id.includes('|s2|'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names the bad field of an invalid sweep config in the config editor', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.url + '#/config');
    const problems = page.getByRole('list', { name: 'Problems' });
    await page.locator('.cm-content').click();
    await page.keyboard.insertText('{"version": 1, "variants": [], "engines": ["ort"]}');
    await problems.getByText(/at variants: expected at least one variant/).waitFor();
    expect(await page.getByRole('button', { name: 'Start sweep' }).isDisabled()).toBe(true);
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('{ not json');
    await problems.getByText(/line 1, column 3: expected a key in double quotes/).waitFor();
    await page.close();
  });
});
