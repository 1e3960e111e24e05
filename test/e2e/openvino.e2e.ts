import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openvinoStatus } from '../../core/engines/openvino/python';
import { projectRoot } from '../../core/util/paths';
import { OUTPUT_DIR, launchChromium, startServe, watchErrors } from './support';

// The openvino engine in the app: the Machine page lists it (available, or with the command
// that enables it) beside the seed experiment; with OpenVINO installed, a real dense- vs
// sparse-config sweep run by the CLI shows OpenVINO's decompression verdict in Results.

const status = openvinoStatus();
if (!status.available) {
  const message = `openvino e2e: the Results check needs OpenVINO, not available here: ${status.reason}`;
  if (process.env.CI) throw new Error(`CI=true requires OpenVINO. ${message}`);
  console.warn(`\n!! SKIPPING ${message}\n`);
}
const home = process.env.SPARSESCOPE_HOME!;
const BIN = path.join(projectRoot(), 'dist/core/bin.js');
let browser: Browser;
let serve: { url: string; child: ChildProcess };

function cli(...args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
}

beforeAll(async () => {
  if (status.available) {
    // A real sweep stored in the workspace before the host starts (tiny model, short cells).
    const dir = path.join(home, 'models-for-openvino');
    mkdirSync(dir, { recursive: true });
    const model = path.join(dir, 'tiny-s90-int8.onnx');
    cli(
      'make-model',
      '--preset',
      'tiny',
      '--sparsity',
      '0.9',
      '--precision',
      'int8-qdq',
      '-o',
      model,
    );
    const config = path.join(dir, 'seed-tiny.json');
    writeFileSync(
      config,
      JSON.stringify({
        version: 1,
        name: 'openvino dense vs sparse config',
        variants: [
          { label: 'dense-config', model },
          { label: 'sparse-config', model, overrides: { sparse_rate: 0.75 } },
        ],
        engines: ['openvino'],
        streams: [1],
        threads: [1],
        seq: [64],
        batch: [1],
        niter: 20,
        warmup: 1,
        repeats: 1,
      }),
    );
    cli('sweep', '-c', config, '-o', path.join(home, 'sweeps', 'openvino-seed-tiny'));
  }
  serve = await startServe();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  serve?.child.kill('SIGTERM');
});

describe('openvino in the app', () => {
  it('the Machine page lists openvino and offers the seed experiment', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1100 } });
    const errors = watchErrors(page);
    await page.goto(serve.url);
    const engines = page.getByRole('table', { name: 'Engines' });
    const row = engines.getByRole('row').filter({ hasText: 'OpenVINO Runtime' });
    await row.waitFor();
    if (status.available) {
      await row.getByRole('cell', { name: 'available' }).waitFor();
      await row.getByRole('cell', { name: status.version! }).waitFor();
    } else {
      await row.getByText('npm run setup:openvino').waitFor();
      await page.getByTestId('seed-openvino-missing').waitFor();
    }
    await page.getByRole('button', { name: 'Run the seed experiment' }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'machine-openvino.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it.skipIf(!status.available)(
    "Results shows OpenVINO's sparse decompression verdict beside the sparse-over-dense figure",
    async () => {
      const page = await browser.newPage({ viewport: { width: 1360, height: 1100 } });
      const errors = watchErrors(page);
      await page.goto(serve.url + '#/results');
      await page
        .getByRole('combobox', { name: 'Comparison' })
        .selectOption({ label: 'sparse-config over dense-config' });
      const notes = page.getByRole('list', { name: 'Sparse weight decompression' });
      await notes.waitFor();
      const text = (await notes.textContent()) ?? '';
      expect(text).toMatch(/sparse-config on openvino: sparse weight decompression (not )?applied/);
      await page.screenshot({
        path: path.join(OUTPUT_DIR, 'results-openvino-sparse.png'),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    },
  );
});
