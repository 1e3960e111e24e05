import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { diffOutputs } from '../../../core/engines/builtin/tensor-diff';
import type { HostTensor } from '../../../core/engines/engine';
import { ortEngine } from '../../../core/engines/ort/ort-engine';
import type { ModelPrecision } from '../../../core/api/names';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { generateBert } from '../../../core/model/generate/bert';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { requireTier, TIER_IDS } from './tiers';

beforeAll(ensureWasm, 180_000);

const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-tier-models-'));

function feeds(seq: number): Record<string, HostTensor> {
  const ids = (f: (i: number) => number): HostTensor => ({
    dtype: 'int64',
    dims: [2, seq],
    data: BigInt64Array.from({ length: 2 * seq }, (_, i) => BigInt(f(i))),
  });
  return {
    input_ids: ids((i) => (i * 131) % 1000),
    attention_mask: ids((i) => (i % seq < seq - 3 ? 1 : 0)),
    token_type_ids: ids((i) => (i % seq >= seq / 2 ? 1 : 0)),
  };
}

/** Every tier on whole generated models, with 2 threads, against onnxruntime. */
describe.each(TIER_IDS)('generated tiny BERT on tier %s vs onnxruntime', (tier) => {
  for (const precision of ['fp32', 'int8-qdq'] as ModelPrecision[])
    for (const sparsity of [0, 0.9])
      it(`${precision}, sparsity ${sparsity}, 2 threads`, async (ctx) => {
        requireTier(tier, ctx);
        const g = generateBert({ ...BERT_PRESETS.tiny, precision, sparsity, seed: 9 });
        const file = path.join(dir, `${precision}-${sparsity}.onnx`);
        writeFileSync(file, writeOnnx(g));
        const f = feeds(21);
        const s = createBuiltinSession(g, { tier, threads: 2, sparseRate: 0.5 });
        expect(s.notes[0]).toContain(`kernels: ${tier} `);
        const ours = (await s.run(f)).last_hidden_state!;
        await s.close();
        const ort = await ortEngine.load(file, { threads: 1 });
        const ref = (await ort.run(f)).last_hidden_state!;
        await ort.close();
        const d = diffOutputs('last_hidden_state', ours, ref, { atol: 1e-3, rtol: 0 });
        if (precision === 'fp32') expect(d.maxAbs).toBeLessThanOrEqual(1e-4);
        else expect(d.cosine).toBeGreaterThanOrEqual(0.999);
      });
});
