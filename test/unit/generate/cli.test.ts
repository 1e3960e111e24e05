import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { linearWeights } from './bert-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'sparsescope-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string): string => path.join(dir, name);

describe('sparsescope make-model', () => {
  it('writes a model and reports params, bytes and sparsity as JSON', async () => {
    const r = await cli(
      'make-model',
      '-o',
      file('tiny.onnx'),
      '--preset',
      'tiny',
      '--sparsity',
      '0.9',
      '--precision',
      'int8-qdq',
      '--json',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const bytes = readFileSync(file('tiny.onnx'));
    expect(report.bytes).toBe(bytes.length);
    expect(report.params).toBe(172416);
    expect(report.linears).toHaveLength(12);
    expect(report.linearSparsity.min).toBeCloseTo(0.9, 3);
    for (const w of linearWeights(readOnnx(bytes, null)))
      expect(w.zeros / w.values.length).toBeCloseTo(0.9, 3);
    const again = await cli(
      'make-model',
      '-o',
      file('tiny2.onnx'),
      '--sparsity',
      '0.9',
      '--precision',
      'int8-qdq',
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Params +172,416/);
    expect(readFileSync(file('tiny2.onnx')).equals(bytes)).toBe(true);
  });

  it('shape flags override the preset', async () => {
    const r = await cli(
      'make-model',
      '-o',
      file('custom.onnx'),
      '--layers',
      '1',
      '--hidden',
      '32',
      '--heads',
      '4',
      '--intermediate',
      '64',
      '--vocab',
      '50',
      '--max-seq',
      '16',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).options).toMatchObject({
      layers: 1,
      hidden: 32,
      heads: 4,
      intermediate: 64,
      vocab: 50,
      maxSeq: 16,
    });
  });

  it('--arch gpt2 and bert-tensordot write those architectures; bert stays the default', async () => {
    const gpt2 = await cli('make-model', '-o', file('gpt2.onnx'), '--arch', 'gpt2', '--json');
    expect(gpt2.code).toBe(0);
    const report = JSON.parse(gpt2.stdout);
    expect(report.architecture).toBe('gpt2');
    expect(report.linears).toHaveLength(9); // 4 per layer + the LM head
    const m = readOnnx(readFileSync(file('gpt2.onnx')), null);
    expect(m.graph.outputs.map((o) => o.name)).toContain('present.1.value');
    expect(m.metadata['sparsescope.generator']).toBe('gpt2');
    const td = await cli('make-model', '-o', file('td.onnx'), '--arch', 'bert-tensordot');
    expect(td.code).toBe(0);
    expect(td.stdout).toMatch(/Model +BERT-like encoder, dense layers as keras\/tf2onnx Tensordot/);
    expect((await cli('make-model', '-o', file('tiny-default.onnx'))).code).toBe(0);
    const plain = await cli('make-model', '-o', file('plain.onnx'), '--arch', 'bert');
    expect(plain.code).toBe(0);
    expect(readFileSync(file('plain.onnx')).equals(readFileSync(file('tiny-default.onnx')))).toBe(
      true,
    );
    const help = await cli('make-model', '--help');
    expect(help.stdout).toMatch(/--arch bert\|bert-tensordot\|gpt2/);
    expect(help.stdout).toMatch(/gpt2 +GPT-2-style decoder/);
  });

  it.each([
    [['--arch', 'llama'], /--arch expects bert or bert-tensordot or gpt2, got "llama"/],
    [['--hidden', '65'], /divisible/],
    [['--sparsity', '1.5'], /--sparsity/],
    [['--sparsity', 'lots'], /--sparsity/],
    [['--precision', 'int4'], /--precision/],
    [['--preset', 'huge'], /--preset/],
    [['--layers', '0'], /--layers/],
    [['--layers', '200'], /layers must be/],
    [['--bogus'], /Unknown option/],
  ])('exits 2 and writes nothing for %j', async (flags, message) => {
    const before = readdirSync(dir).length;
    const r = await cli('make-model', '-o', file('bad.onnx'), ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(dir).length).toBe(before);
  });

  it('exits 2 without -o or with a missing folder', async () => {
    expect((await cli('make-model')).code).toBe(2);
    const r = await cli('make-model', '-o', path.join(dir, 'no-such-folder', 'x.onnx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
  });
});

describe('sparsescope prune / quantize', () => {
  it('prune reports per-layer sparsity, output difference and the accuracy warning', async () => {
    expect((await cli('make-model', '-o', file('dense.onnx'))).code).toBe(0);
    const r = await cli(
      'prune',
      '-m',
      file('dense.onnx'),
      '-o',
      file('pruned.onnx'),
      '--sparsity',
      '0.75',
      '--scope',
      'global',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/overall 0\.7500/);
    expect(r.stdout).toMatch(/last_hidden_state: max \|Δ\| [0-9.e-]+, cosine 0\.9/);
    expect(r.stdout).toMatch(/without fine-tuning/);
    const weights = linearWeights(readOnnx(readFileSync(file('pruned.onnx')), null));
    const zeros = weights.reduce((n, w) => n + w.zeros, 0);
    const total = weights.reduce((n, w) => n + w.values.length, 0);
    expect(Math.abs(zeros / total - 0.75)).toBeLessThanOrEqual(1 / total);
  });

  it.each(['qdq', 'dynamic'])(
    'quantize --mode %s keeps sparsity and reports the difference',
    async (mode) => {
      const r = await cli(
        'quantize',
        '-m',
        file('pruned.onnx'),
        '-o',
        file(`q-${mode}.onnx`),
        '--mode',
        mode,
        '--json',
      );
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.weights).toHaveLength(12);
      expect(report.comparison.ok).toBe(true);
      expect(report.comparison.differences[0].cosine).toBeGreaterThan(0.99);
      const before = linearWeights(readOnnx(readFileSync(file('pruned.onnx')), null));
      const after = linearWeights(readOnnx(readFileSync(file(`q-${mode}.onnx`)), null));
      expect(after.map((w) => w.zeros)).toEqual(before.map((w) => w.zeros));
    },
  );

  it('bad input exits 2 and writes nothing', async () => {
    writeFileSync(file('garbage.onnx'), 'not a model');
    const cases: string[][] = [
      ['prune', '-o', file('out.onnx'), '--sparsity', '0.5'],
      ['prune', '-m', file('dense.onnx'), '--sparsity', '0.5'],
      ['prune', '-m', file('dense.onnx'), '-o', file('out.onnx')],
      ['prune', '-m', file('dense.onnx'), '-o', file('out.onnx'), '--sparsity', '2'],
      [
        'prune',
        '-m',
        file('dense.onnx'),
        '-o',
        file('out.onnx'),
        '--sparsity',
        '0.5',
        '--scope',
        'rows',
      ],
      ['prune', '-m', file('missing.onnx'), '-o', file('out.onnx'), '--sparsity', '0.5'],
      ['prune', '-m', file('garbage.onnx'), '-o', file('out.onnx'), '--sparsity', '0.5'],
      ['prune', '-m', file('q-dynamic.onnx'), '-o', file('out.onnx'), '--sparsity', '0.5'],
      ['quantize', '-m', file('dense.onnx'), '-o', file('out.onnx')],
      ['quantize', '-m', file('dense.onnx'), '-o', file('out.onnx'), '--mode', 'int4'],
      ['quantize', '-m', file('garbage.onnx'), '-o', file('out.onnx'), '--mode', 'qdq'],
      ['quantize', '-m', file('q-dynamic.onnx'), '-o', file('out.onnx'), '--mode', 'dynamic'],
    ];
    for (const argv of cases) {
      const r = await cli(...argv);
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 2]);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    expect(readdirSync(dir)).not.toContain('out.onnx');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
