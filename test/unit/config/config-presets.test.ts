import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../../../core/config/config-check';
import { configPresets } from '../../../core/config/config-presets';

const dir = mkdtempSync(path.join(os.tmpdir(), 'config-presets-'));
const dense = path.join(dir, 'dense.onnx');
const sparse = path.join(dir, 'sparse.onnx');
writeFileSync(dense, 'x'); // presets name the files; the check only needs them to exist
writeFileSync(sparse, 'x');
const models = [
  { path: sparse, sparsity: 0.8, quantized: false },
  { path: dense, sparsity: 0, quantized: false },
];

describe('config presets', () => {
  it.each([1, 2, 4, 6, 64])(
    'all validate as their kind on %d cores, and say how they adapted',
    (cores) => {
      const presets = configPresets(cores, models);
      expect(presets.map((p) => p.id)).toEqual([
        'notebook-dense',
        'notebook-sparse',
        'streams-threads-grid',
        'seq-sweep',
        'latency',
        'throughput',
      ]);
      for (const p of presets) {
        const check = checkConfigText(p.text, { kind: null, source: p.id, baseDir: dir });
        expect(check.kind, p.id).toBe(p.kind);
        expect(
          check.issues.filter((i) => i.severity === 'error'),
          p.id,
        ).toEqual([]);
        expect(p.note, p.id).toMatch(new RegExp(`${cores} logical core`));
      }
    },
  );

  it('are the seed notebook configs, scaled down only where the machine is smaller', () => {
    const big = configPresets(8, models);
    expect(big[0]!.text).toBe('{\n    "CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4}\n}\n');
    expect(big[1]!.text).toContain(
      '"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4, "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"',
    );
    const small = configPresets(2, models);
    expect(small[0]!.text).toContain('"NUM_STREAMS": 2, "INFERENCE_NUM_THREADS": 2');
    expect(small[0]!.note).toMatch(
      /notebook uses 4 streams × 4 threads; this machine has 2 logical cores, so 2 × 2/,
    );
  });

  it('sweep 16 … 512, a power-of-two grid up to the cores, the least sparse model first', () => {
    const [, , grid, seq, latency, throughput] = configPresets(6, models).map((p) =>
      JSON.parse(p.text),
    );
    expect(grid.streams).toEqual([1, 2, 4, 6]);
    expect(grid.variants.map((v: { model: string }) => v.model)).toEqual([dense, sparse]);
    expect(seq.seq).toEqual([16, 32, 64, 128, 256, 512]);
    expect(latency).toMatchObject({ streams: 1, threads: 6, api: 'sync', model: dense });
    expect(throughput).toMatchObject({ streams: 6, threads: 6, api: 'async' });
  });

  it('without models, name a placeholder and say so (its only error is that missing file)', () => {
    for (const p of configPresets(2, []).filter((x) => x.kind !== 'benchmark-app')) {
      expect(p.note).toMatch(/the workspace has no models yet/);
      const errors = checkConfigText(p.text, { kind: null, source: p.id, baseDir: dir }).issues;
      expect(errors.map((e) => e.message)).toEqual([
        expect.stringMatching(/model: expected a model file .*your-model\.onnx/),
      ]);
    }
  });
});
