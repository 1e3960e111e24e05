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

  it('exit 1 beyond tolerance', async () => {
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
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('MISMATCH: beyond tolerance');
  });

  it('exit 2 on bad engines', async () => {
    expect((await cli(['compare', '-m', file, '--engines', 'builtin'])).code).toBe(2);
  });
});
