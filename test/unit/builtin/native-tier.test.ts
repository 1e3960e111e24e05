import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { relaxedSimd } from '../../../core/engines/builtin/wasm-kernels';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { generateBert } from '../../../core/model/generate/bert';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { projectRoot } from '../../../core/util/paths';
import { ensureWasm } from './ensure-wasm';
import { requireTier } from './tiers';

beforeAll(ensureWasm, 180_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-native-'));

describe('kernel tiers', () => {
  it('relaxed SIMD is detected (Node 20 turns it on with a V8 flag) and named in the notes', (ctx) => {
    requireTier('wasm-relaxed', ctx);
    expect(relaxedSimd()).toMatchObject({ ok: true });
    const g = generateBert({ ...BERT_PRESETS.tiny, seed: 1 });
    const s = createBuiltinSession(g, { threads: 1, tier: 'wasm-relaxed' });
    expect(s.notes[0]).toMatch(/^kernels: wasm-relaxed /);
  });

  it('a native build without a compiler fails soft: a reason, no addon, no throw', async () => {
    const { buildNative } = (await import(
      path.join(projectRoot(), 'core/engines/builtin/native/build-native.mjs')
    )) as { buildNative(dist: string): Promise<{ ok: boolean; reason?: string }> };
    const cc = process.env.CC;
    process.env.CC = path.join(dir, 'no-such-compiler');
    try {
      const info = await buildNative(path.join(dir, 'dist'));
      expect(info.ok).toBe(false);
      expect(info.reason).toContain('no C compiler');
      expect(existsSync(path.join(dir, 'dist/native/sparsescope-kernels.node'))).toBe(false);
      const written = JSON.parse(
        readFileSync(path.join(dir, 'dist/native/build-info.json'), 'utf8'),
      );
      expect(written).toMatchObject({ version: 1, ok: false });
    } finally {
      if (cc === undefined) delete process.env.CC;
      else process.env.CC = cc;
    }
  });

  it('the native tier runs inside a stream worker, with intra-stream threads, as on the main thread', async (ctx) => {
    requireTier('native', ctx);
    const file = path.join(dir, 'tiny.onnx');
    writeFileSync(file, writeOnnx(generateBert({ ...BERT_PRESETS.tiny, sparsity: 0.9, seed: 4 })));
    // The worker runs the engine from a bundle, as the harness's stream workers do.
    const bundle = path.join(projectRoot(), 'dist/perf/native-worker-test.mjs');
    await esbuild.build({
      stdin: {
        contents: `
          import { parentPort, workerData } from 'node:worker_threads';
          import { builtinEngine } from './core/engines/builtin/builtin-engine';
          const s = await builtinEngine.load(workerData.file, { threads: 2, sparseRate: 0.5, tier: 'native' });
          const ids = (f) => ({ dtype: 'int64', dims: [1, 8], data: BigInt64Array.from({ length: 8 }, (_, i) => BigInt(f(i))) });
          const out = await s.run({ input_ids: ids((i) => i * 5), attention_mask: ids(() => 1), token_type_ids: ids(() => 0) });
          await s.close();
          parentPort.postMessage({ notes: s.notes, data: out.last_hidden_state.data });`,
        resolveDir: projectRoot(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: bundle,
      logLevel: 'warning',
    });
    const worker = new Worker(bundle, { workerData: { file } });
    const reply = await new Promise<{ notes: string[]; data: Float32Array }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(reply.notes[0]).toMatch(/^kernels: native-/);
    const here = createBuiltinSession(
      generateBert({ ...BERT_PRESETS.tiny, sparsity: 0.9, seed: 4 }),
      {
        threads: 1,
        sparseRate: 0.5,
        tier: 'native',
      },
    );
    const ids = (f: (i: number) => number) => ({
      dtype: 'int64' as const,
      dims: [1, 8],
      data: BigInt64Array.from({ length: 8 }, (_, i) => BigInt(f(i))),
    });
    const out = await here.run({
      input_ids: ids((i) => i * 5),
      attention_mask: ids(() => 1),
      token_type_ids: ids(() => 0),
    });
    expect(Array.from(reply.data)).toEqual(Array.from(out.last_hidden_state!.data as Float32Array));
    await here.close();
  });
});
