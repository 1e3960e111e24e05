import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/util/paths';
import { OUTPUT_DIR, useServeAndBrowser, watchErrors } from './support';

const env = useServeAndBrowser();
const FIXTURES = path.join(projectRoot(), 'test/fixtures/configs');

function configsDir(): string {
  const dir = path.join(process.env.SPARSESCOPE_HOME!, 'configs');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function area(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name }).click();
}

async function generateTiny(page: Page) {
  await area(page, 'Models');
  const form = page.getByRole('form', { name: 'Generate a model' });
  await form.getByLabel('Preset').selectOption('tiny');
  await form.getByLabel('Sparsity (%)').fill('0');
  await form.getByRole('button', { name: 'Generate' }).click();
  await page
    .getByRole('table', { name: 'Models' })
    .getByRole('button', { name: 'bert-tiny · dense · fp32' })
    .waitFor();
}

/** The editor's text as CodeMirror shows it: its lines, without the inline problem messages. */
async function editorText(page: Page): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.cm-content .cm-line'))
      .map((line) => {
        const copy = line.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.cm-inline-message').forEach((m) => m.remove());
        return copy.textContent;
      })
      .join('\n'),
  );
}

/** Select the first token of the JSON whose text is exactly `token` (a number) and type over it. */
async function retype(page: Page, token: string, text: string) {
  await page.locator('.cm-content').getByText(token, { exact: true }).first().dblclick();
  await page.keyboard.type(text);
}

async function shoot(page: Page, name: string) {
  await page.mouse.move(0, 0); // no hover tooltip over the screen
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}-${theme}.png`), fullPage: true });
  }
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
}

describe('Config area', () => {
  it('edits a benchmark_app config in the form and the JSON, saves only the edit and runs it', async () => {
    const file = path.join(configsDir(), 'perf_config_sparse.json');
    copyFileSync(path.join(FIXTURES, 'perf_config_sparse.json'), file);
    const original = readFileSync(file, 'utf8');
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    await generateTiny(page);
    await area(page, 'Config');

    await page.getByRole('button', { name: 'Open…' }).click();
    await page
      .getByRole('dialog', { name: 'Open a config file' })
      .getByRole('button', { name: /perf_config_sparse\.json/ })
      .click();
    const streams = page.getByLabel('NUM_STREAMS');
    await expect.poll(() => streams.inputValue()).toBe('4');
    await page.getByRole('status', { name: 'Config kind' }).getByText('benchmark_app').waitFor();

    // Hover docs from the JSON Schema: range, default and the benchmark_app flag.
    await page.locator('.cm-content').getByText('"NUM_STREAMS"').hover();
    await page
      .locator('.cm-tooltip-hover')
      .getByText(/Range: 1–256.*benchmark_app: -nstreams/)
      .waitFor();

    // Form → JSON: the number stays a number, nothing else moves.
    await streams.fill('2');
    await expect
      .poll(() => editorText(page))
      .toContain('{"NUM_STREAMS": 2, "INFERENCE_NUM_THREADS": 4,');
    await page.getByLabel('Unsaved changes', { exact: true }).waitFor();

    // JSON → form, and an invalid value marked at its key with the rule it breaks.
    await retype(page, '4', '0');
    const message = page.locator('.cm-inline-message-error');
    await expect
      .poll(() => message.textContent())
      .toMatch(/at CPU\.INFERENCE_NUM_THREADS: expected an integer from 1 to 1,024/);
    await expect
      .poll(() => page.locator('.cm-lintRange-error').first().textContent())
      .toContain('INFERENCE_NUM_THREADS');
    await expect.poll(() => page.getByLabel('INFERENCE_NUM_THREADS').inputValue()).toBe('0');
    const start = page.getByRole('button', { name: 'Start run' });
    expect(await start.isDisabled()).toBe(true);
    await page
      .getByRole('status')
      .getByText(/Fix the config first: at CPU\.INFERENCE_NUM_THREADS/)
      .waitFor();
    await shoot(page, 'config-invalid');

    await retype(page, '0', '4');
    await page.getByText('None: the config is valid.').waitFor();
    await page.getByLabel('Show changes against the saved file').check();
    await page.locator('.cm-deletedChunk').first().waitFor();
    await shoot(page, 'config-diff');
    await page.getByLabel('Show changes against the saved file').uncheck();

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByLabel('Unsaved changes', { exact: true }).count()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      original.replace('"NUM_STREAMS": 4', '"NUM_STREAMS": 2'),
    );

    // Run it: benchmark_app's knobs, with the model and length benchmark_app takes as flags.
    await page.getByLabel('Sequence length (-shape)').fill('16');
    await page.getByLabel('Seconds (-t)').fill('0.3');
    await start.click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByRole('cell', { name: 'finished' }).first().waitFor({ timeout: 90_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens the Sweeps builder's config in the editor, with presets, and starts the sweep", async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    await generateTiny(page); // the same file as the first test's: its entry is kept
    await area(page, 'Sweeps');
    const builder = page.getByRole('region', { name: 'Sweep builder' });
    await builder.getByLabel('bert-tiny · dense · fp32').check();
    await builder.getByLabel('Sequence lengths').fill('16');
    await builder.getByLabel('Threads (total)').fill('2');
    await builder.getByLabel('Streams').fill('1');
    await builder.getByLabel('Repeats').fill('1');
    await builder.getByRole('button', { name: 'Edit as JSON' }).click();

    await page.getByRole('status', { name: 'Config kind' }).getByText('sweep config').waitFor();
    expect(await editorText(page)).toContain('"seq": [16]');
    // Schema completion: the keys of a sweep with their docs.
    await page.locator('.cm-content').click();
    const before = await editorText(page);
    // After the last key ("sparse_rate": 0.5), above the closing brace and the final newline.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await page.keyboard.type(',\n"cell_t');
    await page.locator('.cm-tooltip-autocomplete').getByText('cell_timeout_s').waitFor();
    await page.keyboard.press('Escape');
    // Undo takes the typing back (CodeMirror groups keystrokes, so it may take a few steps).
    for (let i = 0; i < 8 && (await editorText(page)) !== before; i++)
      await page.keyboard.press('Control+z');
    expect(await editorText(page)).toBe(before);

    // A preset replaces unsaved text only when asked, and says how it adapted to this machine.
    await page.getByLabel('Start from a preset').selectOption({ label: 'Streams × threads grid' });
    await page
      .getByRole('alertdialog', { name: 'Replace unsaved changes' })
      .getByRole('button', { name: 'Keep editing' })
      .click();
    expect(await editorText(page)).toContain('"seq": [16]');
    await shoot(page, 'config-sweep');

    await page.getByRole('button', { name: 'Start sweep' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await expect
      .poll(() => runs.getByRole('cell', { name: 'finished' }).count(), { timeout: 90_000 })
      .toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('survives malformed, deep and huge texts and refuses oversize files plainly', async () => {
    const dir = configsDir();
    writeFileSync(path.join(dir, 'huge.json'), `{"CPU": {"X": "${'x'.repeat(10 * 2 ** 20)}"}}`);
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(env.url + '#/config');
    // The editor is a lazily loaded chunk; on a loaded 2-core machine it can take a while.
    await page.getByRole('button', { name: 'Open…' }).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Open…' }).click();
    await page
      .getByRole('dialog', { name: 'Open a config file' })
      .getByRole('button', { name: /huge\.json/ })
      .click();
    await page
      .getByRole('alert')
      .getByText(/expected a config file of at most 256\.0 KiB/)
      .waitFor();

    // A preset on an empty editor applies at once and says how it fits this machine.
    await page
      .getByLabel('Start from a preset')
      .selectOption({ label: 'Notebook: sparse weights (benchmark_app)' });
    await page
      .getByText(/this machine has \d+ logical core/)
      .first()
      .waitFor();
    expect(await editorText(page)).toContain('"CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"');
    await page.getByText('None: the config is valid.').waitFor();
    await shoot(page, 'config-preset');

    // Typed texts: not JSON, 10,000 levels deep, a number past every range, 2 MB.
    const cases: [string, RegExp][] = [
      ['{"CPU": {"NUM_STREAMS": }', /line 1, column 25: expected a value/],
      ['['.repeat(10_000), /expected at most 64 levels of nesting/],
      ['{"CPU": {"NUM_STREAMS": 1e308}}', /at CPU\.NUM_STREAMS: expected an integer from 1 to 256/],
      // 2 MB pasted: refused as a config before anything parses it.
      [`{"CPU": {"X": "${'x'.repeat(2 * 2 ** 20)}"}}`, /a config file holds at most 262,144/],
    ];
    for (const [text, expected] of cases) {
      await page.locator('.cm-content').click();
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
      await page.getByRole('list', { name: 'Problems' }).getByText(expected).waitFor();
    }
    await page.getByText(/The form is off: the text is too long/).waitFor();
    // …and the editor is still there for the next text.
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText('{"CPU": {"NUM_STREAMS": 1}}');
    await page.getByText('None: the config is valid.').waitFor();
    expect(await page.getByLabel('NUM_STREAMS').inputValue()).toBe('1');
    expect(errors).toEqual([]);
    await page.close();
  });
});
