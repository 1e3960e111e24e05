import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCore } from '../../../scripts/build.mjs';
import { cli } from '../helpers/cli';

/**
 * A real sweep for report tests, measured by the test itself: tiny generated models, dense
 * and 90% sparse, on ORT and the builtin, 2 sequence lengths, 3 interleaved repeats — 24
 * cells (× threads given). Stream workers run from the core bundle, so it is built first.
 * `out`: where the sweep folder goes (a workspace's `sweeps/NAME` for the UI).
 */
export async function measureSweep(
  options: { out?: string; threads?: number[] } = {},
): Promise<{ dir: string; sweep: string; models: string[] }> {
  await buildCore();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-report-'));
  const dense = path.join(dir, 'dense.onnx');
  const sparse = path.join(dir, 'sparse.onnx');
  for (const [out, extra] of [
    [dense, []],
    [sparse, ['--sparsity', '0.9']],
  ] as const) {
    const r = await cli('make-model', '--preset', 'tiny', ...extra, '-o', out);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const config = path.join(dir, 'sweep.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      name: 'report fixture',
      variants: [
        { label: 'dense', model: dense },
        { label: 'sparse90', model: sparse, overrides: { sparse_rate: 0.5 } },
      ],
      engines: ['ort', 'builtin'],
      streams: [1],
      threads: options.threads ?? [1],
      seq: [8, 16],
      batch: [1],
      niter: 10,
      warmup: 1,
      repeats: 3,
    }),
  );
  const sweep = options.out ?? path.join(dir, 'sweep');
  const r = await cli('sweep', '-c', config, '-o', sweep);
  if (r.code !== 0) throw new Error(`sweep failed:\n${r.stderr}`);
  return { dir, sweep, models: [dense, sparse] };
}
