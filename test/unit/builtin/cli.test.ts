import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/main';
import { decodeTensorProto, encodeTensorProto } from '../../../core/model/onnx/onnx-importer';
import { generateBert } from '../../../core/model/generate/bert';
import { BERT_PRESETS } from '../../../core/model/generate/bert-options';
import { tensorFromArray, tensorToArray } from '../../../core/model/tensor';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { init, io, model, node, rand } from './graph-helpers';
import { graphFacts } from '../../../core/model/input-facts';
import { ensureWasm } from './ensure-wasm';
import { HAVE_NODE_TESTS, NODE_TESTS } from './node-suite';

beforeAll(ensureWasm, 120_000);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const gemm = path.join(NODE_TESTS, 'test_gemm_all_attributes');

describe.skipIf(!HAVE_NODE_TESTS)('sparsescope verify', () => {
  it('exit 0 and per-output errors when outputs match', async () => {
    const r = await cli([
      'verify',
      '-m',
      path.join(gemm, 'model.onnx'),
      '--data',
      path.join(gemm, 'test_data_set_0'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/y float32\[3,5\]: max abs \S+, max rel \S+, cosine 1\.000000 — ok/);
    expect(r.out).toContain('OK: 1 output match');
  });

  it('exit 1 when an expected output differs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'verify-'));
    copyFileSync(path.join(gemm, 'test_data_set_0/input_0.pb'), path.join(dir, 'input_0.pb'));
    copyFileSync(path.join(gemm, 'test_data_set_0/input_1.pb'), path.join(dir, 'input_1.pb'));
    copyFileSync(path.join(gemm, 'test_data_set_0/input_2.pb'), path.join(dir, 'input_2.pb'));
    const file = path.join(gemm, 'test_data_set_0/output_0.pb');
    const t = decodeTensorProto(new Uint8Array(readFileSync(file)), file);
    const data = Float32Array.from(tensorToArray(t) as Float32Array);
    data[4]! += 0.01;
    writeFileSync(
      path.join(dir, 'output_0.pb'),
      encodeTensorProto(tensorFromArray(t.name, 'float32', t.dims, data)),
    );
    const r = await cli(['verify', '-m', path.join(gemm, 'model.onnx'), '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('MISMATCH (1 element beyond tolerance)');
  });

  it('exit 2 with the reason when the model cannot run', async () => {
    const det = path.join(NODE_TESTS, 'test_det_2d');
    const r = await cli([
      'verify',
      '-m',
      path.join(det, 'model.onnx'),
      '--data',
      path.join(det, 'test_data_set_0'),
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not support 1 op type in this model: Det');
  });

  it('exit 2 on a missing data folder and on bad flags', async () => {
    expect(
      (await cli(['verify', '-m', path.join(gemm, 'model.onnx'), '--data', '/nonexistent/dir']))
        .code,
    ).toBe(2);
    expect(
      (await cli(['verify', '-m', path.join(gemm, 'model.onnx'), '--data', gemm, '--rtol', 'x']))
        .code,
    ).toBe(2);
  });
});

describe('sparsescope compare', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'compare-')), 'tiny.onnx');
  beforeAll(() =>
    writeFileSync(file, writeOnnx(generateBert({ ...BERT_PRESETS.tiny, sparsity: 0.8, seed: 2 }))),
  );

  it('exit 0 within tolerance, with max abs/rel diff and cosine per output and the kernel notes', async () => {
    const r = await cli([
      'compare',
      '-m',
      file,
      '--engines',
      'builtin,ort',
      '--seq',
      '16',
      '--sparse-rate',
      '0.5',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /last_hidden_state float32\[1,16,64\]: max abs \S+, max rel \S+, cosine 1\.0000\d\d — ok/,
    );
    expect(r.out).toContain(
      '[builtin] layer0/attention/query/MatMul: sparse fp32 (sparsity 0.80 ≥ 0.5)',
    );
  });

  it('exit 1 beyond tolerance, naming the worst element', async () => {
    const r = await cli([
      'compare',
      '-m',
      file,
      '--engines',
      'builtin,ort',
      '--seq',
      '16',
      '--atol',
      '0',
      '--rtol',
      '0',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('max|a − b| ≤ 0 + 0·max|b|');
    expect(r.out).toMatch(
      /MISMATCH \(\d+ elements? beyond tolerance\); worst \[0,\d+,\d+\]: \S+ vs \S+/,
    );
    expect(r.out).toContain('MISMATCH: beyond tolerance');
  });

  it('judges a quantized model by cosine', async () => {
    const q = file.replace('tiny.onnx', 'tiny-int8.onnx');
    writeFileSync(
      q,
      writeOnnx(generateBert({ ...BERT_PRESETS.tiny, precision: 'int8-qdq', seed: 2 })),
    );
    const ok = await cli(['compare', '-m', q, '--engines', 'builtin,ort', '--seq', '8']);
    expect(ok.out).toContain('quantized model: cosine ≥ 0.999');
    expect(ok.code).toBe(0);
    const strict = await cli(['compare', '-m', q, '--seq', '8', '--cosine', '1']);
    if (strict.code === 1) expect(strict.out).toContain('MISMATCH (cosine below 1)');
    else expect(strict.out).toMatch(/cosine 1\.000000 — ok/);
  });

  it('exit 2 on bad engines', async () => {
    expect((await cli(['compare', '-m', file, '--engines', 'builtin'])).code).toBe(2);
  });
});

describe('sparsescope compare on models nobody sized or ORT rejects', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compare-dims-'));
  /** A GPT-2-style block: Attention with a KV cache whose length is a symbolic dim. */
  const pastModel = path.join(dir, 'past.onnx');
  const bad = path.join(dir, 'bad.onnx');
  const reshape = path.join(dir, 'reshape.onnx');
  beforeAll(() => {
    const m = model(
      [
        {
          ...node('Attention', ['x', 'w', 'b', '', 'past'], ['y', 'present'], {
            num_heads: { type: 'int', value: 2 },
            unidirectional: { type: 'int', value: 1 },
          }),
          domain: 'com.microsoft',
        },
      ],
      [
        io('x', 'float32', ['batch', 'seq', 8]),
        io('past', 'float32', [2, 'batch', 2, 'past_sequence_length', 4]),
      ],
      [
        io('y', 'float32', ['batch', 'seq', 8]),
        io('present', 'float32', [2, 'batch', 2, 'total', 4]),
      ],
      [init('w', 'float32', [8, 24], rand(192, 3)), init('b', 'float32', [24], rand(24, 4))],
    );
    m.opsets['com.microsoft'] = 1;
    writeFileSync(pastModel, writeOnnx(m));
    writeFileSync(
      bad,
      writeOnnx(
        model(
          [node('NoSuchOp', ['x'], ['y'], {}, 'weird1')],
          [io('x', 'float32', [2])],
          [io('y', 'float32', [2])],
        ),
      ),
    );
    writeFileSync(
      reshape,
      writeOnnx(
        model(
          [node('Reshape', ['x', 'shape'], ['y'], {}, 'reshape1')],
          [io('x', 'float32', ['n'])],
          [io('y', 'float32', [2, 3])],
          [init('shape', 'int64', [2], [2, 3])],
        ),
      ),
    );
  });

  it('gives an unnamed dim its default (0 for a past length) and says so', async () => {
    const r = await cli(['compare', '-m', pastModel, '--seq', '5', '--batch', '2']);
    expect(r.err).toBe('');
    expect(r.out).toContain(
      '[feeds] input past dim 3 "past_sequence_length" set to 0 (a past length: no cached tokens); --dim past_sequence_length=N sets it',
    );
    expect(r.out).toMatch(/present float32\[2,2,2,5,4\]: .* — ok/);
    expect(r.code).toBe(0);
  });

  it('--dim sets it (and the past is used), --shape keeps working', async () => {
    const r = await cli([
      'compare',
      '-m',
      pastModel,
      '--seq',
      '5',
      '--dim',
      'past_sequence_length=3',
    ]);
    expect(r.out).not.toContain('[feeds]');
    expect(r.out).toMatch(/present float32\[2,1,2,8,4\]: .* — ok/);
    expect(r.code).toBe(0);
    const s = await cli(['compare', '-m', pastModel, '--shape', 'x[1,4,8],past[2,1,2,2,4]']);
    expect(s.out).toMatch(/present float32\[2,1,2,6,4\]: .* — ok/);
    expect(s.code).toBe(0);
  });

  it('exit 2 on a --dim the model does not have or a malformed one', async () => {
    const r = await cli(['compare', '-m', pastModel, '--dim', 'nope=3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--dim names "nope", which no input of the model has');
    expect((await cli(['compare', '-m', pastModel, '--dim', 'past_sequence_length'])).code).toBe(2);
  });

  it("token ids stay below an ORT-fused EmbedLayerNormalization's vocabulary; masks are ones", async () => {
    const V = 30,
      H = 8;
    const m = model(
      [
        {
          ...node(
            'EmbedLayerNormalization',
            ['input_ids', '', 'word', 'pos', '', 'gamma', 'beta', 'attention_mask'],
            ['y', 'mask_index'],
          ),
          domain: 'com.microsoft',
        },
      ],
      [io('input_ids', 'int32', ['batch', 'seq']), io('attention_mask', 'int32', ['batch', 'seq'])],
      [io('y', 'float32', ['batch', 'seq', H]), io('mask_index', 'int32', ['batch'])],
      [
        init('word', 'float32', [V, H], rand(V * H, 1)),
        init('pos', 'float32', [64, H], rand(64 * H, 2)),
        init('gamma', 'float32', [H], rand(H, 3)),
        init('beta', 'float32', [H], rand(H, 4)),
      ],
    );
    m.opsets['com.microsoft'] = 1;
    expect(graphFacts(m).vocabSize).toBe(V);
    const f = path.join(dir, 'embed.onnx');
    writeFileSync(f, writeOnnx(m));
    const r = await cli(['compare', '-m', f, '--seq', '48', '--batch', '2']);
    expect(r.err).toBe('');
    // mask_index (the ones in each mask row) agrees with onnxruntime.
    expect(r.out).toMatch(/mask_index int32\[2\]: .* — ok/);
    expect(r.code).toBe(0);
  });

  it("ORT rejecting a model: one paragraph with ORT's reason, exit 2, no stack", async () => {
    const r = await cli(['compare', '-m', bad, '--engines', 'ort,ort']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^sparsescope compare: onnxruntime could not load .*bad\.onnx: .*NoSuchOp/,
    );
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('info says which engines can run a model (builtin by its op list, the others by loading)', async () => {
    const quick = await cli(['info', '-m', bad]);
    expect(quick.code).toBe(0);
    expect(quick.out).toMatch(/\n {2}builtin {3}no {3}.*NoSuchOp \(1 node: "weird1"\)/);
    expect(quick.out).toMatch(/\n {2}ort {7}\? {4}not checked: --check-engines loads the model/);
    const good = await cli(['info', '-m', pastModel, '--check-engines']);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/\n {2}builtin {3}yes {2}loads the model/);
    expect(good.out).toMatch(/\n {2}ort {7}yes {2}loads the model/);
    const r = await cli(['info', '-m', bad, '--json', '--check-engines']);
    const engines = (
      JSON.parse(r.out) as { engines: { id: string; ok: boolean | null; note: string }[] }
    ).engines;
    expect(engines.find((e) => e.id === 'builtin')).toMatchObject({ ok: false });
    expect(engines.find((e) => e.id === 'ort')).toMatchObject({ ok: false });
    expect(engines.find((e) => e.id === 'ort')!.note).toContain('No Op registered for NoSuchOp');
  }, 120_000);

  it('ORT failing at run time names the node', async () => {
    const r = await cli(['compare', '-m', reshape, '--engines', 'ort,builtin', '--shape', 'x[5]']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /onnxruntime failed to run .*reshape\.onnx at node "reshape1" \(Reshape\): /,
    );
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
