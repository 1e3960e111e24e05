import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_DIR, useServeAndBrowser, watchErrors } from './support';

const env = useServeAndBrowser();

describe('Models area', () => {
  it('generates a pruned model on the host and shows its measured facts', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(env.url);
    await page
      .getByRole('navigation', { name: 'Areas' })
      .getByRole('link', { name: 'Models' })
      .click();
    const form = page.getByRole('form', { name: 'Generate a model' });
    await form.getByLabel('Preset').selectOption('tiny');
    await form.getByLabel('Sparsity (%)').fill('80');
    await form.getByRole('button', { name: 'Generate' }).click();
    const table = page.getByRole('table', { name: 'Models' });
    const row = table.getByRole('row').filter({ hasText: 'bert-tiny · 80% sparse · fp32' });
    await row.waitFor();
    // Linear sparsity comes from counting zeros in the written file, not from the request.
    await expect.poll(() => row.getByRole('cell').nth(4).textContent()).toBe('80.0%');
    await row.getByRole('button', { name: 'bert-tiny · 80% sparse · fp32' }).click();
    const details = page.getByRole('region', { name: 'Details of bert-tiny · 80% sparse · fp32' });
    await details.getByText('last_hidden_state').waitFor();
    expect(await details.getByRole('row').count()).toBeGreaterThan(12);

    // A variant, paired with its parent: int8 weights keep the pruned zeros.
    const variantForm = details.getByRole('form', { name: 'Create a variant' });
    await variantForm.getByLabel('Variant').selectOption('quantize');
    await variantForm.getByRole('button', { name: 'Create variant' }).click();
    const variantRow = table
      .getByRole('row')
      .filter({ hasText: 'variant of bert-tiny · 80% sparse · fp32' });
    await variantRow.waitFor();
    expect(await variantRow.getByRole('cell').nth(4).textContent()).toBe('80.0%');
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'models.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a model file through the host-side picker and reports a bad path plainly', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(env.url + '#/models');
    await page.getByRole('button', { name: 'Open model…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open a model file' });
    await dialog.getByLabel('Path on the host').fill('/nonexistent/model.onnx');
    await dialog.getByRole('button', { name: 'Open path' }).click();
    await page.getByRole('alert').getByText('/nonexistent/model.onnx').waitFor();
    await page.getByRole('button', { name: 'Open model…' }).click();
    // The picker starts in the workspace's models folder, where the generated file lives.
    await page
      .getByRole('dialog', { name: 'Open a model file' })
      .getByRole('button', { name: /bert-tiny-fp32-sparse80-seed0\.onnx/ })
      .click();
    await page.getByRole('table', { name: 'Models' }).getByRole('row').nth(1).waitFor();
    // Re-opening a known file keeps its entry: header + the generated model + its variant.
    expect(await page.getByRole('table', { name: 'Models' }).getByRole('row').count()).toBe(3);
    await page.close();
  });
});
