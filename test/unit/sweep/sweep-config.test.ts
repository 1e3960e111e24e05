import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { planSweep } from '../../../core/bench/sweep/sweep-plan';
import { loadSweepConfig, parseSweepConfig } from '../../../core/config/load-sweep-config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sweep-config-'));
// The loader only checks that model files exist; their content is not read here.
writeFileSync(path.join(dir, 'dense.onnx'), 'x');
writeFileSync(path.join(dir, 'sparse.onnx'), 'x');

const base = {
  version: 1,
  variants: [
    { label: 'dense', model: 'dense.onnx' },
    { label: 'sparse', model: 'sparse.onnx', overrides: { sparse_rate: 0.75 } },
  ],
  engines: ['ort'],
  streams: [1, 2],
  threads: [1, 2],
  seq: [64],
  batch: [1],
  niter: 10,
  repeats: 2,
};

function errorOf(doc: unknown): UserError {
  try {
    parseSweepConfig(doc, 'sweep.json', dir);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected the config to be refused');
}

describe('sweep config', () => {
  it('accepts a valid config and resolves model paths against the config folder', () => {
    const c = parseSweepConfig(structuredClone(base), 'sweep.json', dir);
    expect(c.variants.map((v) => v.model)).toEqual([
      path.join(dir, 'dense.onnx'),
      path.join(dir, 'sparse.onnx'),
    ]);
    expect(c.repeats).toBe(2);
  });

  it('names the file and JSON path of a wrong field', () => {
    const err = errorOf({ ...base, variants: [{ label: 'dense', model: 5 }] });
    expect(err.message).toBe(
      'sweep.json, at variants[0].model: expected string, received number, got 5',
    );
  });

  it('refuses unknown fields, bad lists and duplicates', () => {
    expect(errorOf({ ...base, stream: [1] }).message).toMatch(
      /at stream: expected no field "stream" here/,
    );
    expect(errorOf({ ...base, streams: [] }).message).toMatch(
      /at streams: expected at least one stream count/,
    );
    expect(errorOf({ ...base, threads: [1, 1] }).message).toMatch(
      /at threads: expected thread count values without duplicates/,
    );
    expect(errorOf({ ...base, seq: [0] }).message).toMatch(/at seq\[0\]/);
    expect(errorOf({ ...base, engines: ['tvm'] }).message).toMatch(/at engines\[0\]/);
    expect(errorOf({ ...base, variants: [{ label: 'a|b', model: 'dense.onnx' }] }).message).toMatch(
      /at variants\[0\]\.label/,
    );
    expect(
      errorOf({ ...base, variants: [base.variants[0], { label: 'dense', model: 'sparse.onnx' }] })
        .message,
    ).toMatch(/variant labels without duplicates/);
    expect(errorOf({ ...base, version: 2 }).message).toMatch(/at version/);
  });

  it('wants exactly one run length', () => {
    const { niter: _n, ...noLength } = base;
    expect(errorOf(noLength).message).toMatch(/exactly one of "time_s" or "niter"/);
    expect(errorOf({ ...base, time_s: 1 }).message).toMatch(/exactly one of "time_s" or "niter"/);
  });

  it('names a missing model file', () => {
    const err = errorOf({ ...base, variants: [{ label: 'dense', model: 'gone.onnx' }] });
    expect(err.message).toBe(
      'sweep.json, at variants[0].model: expected a model file (relative to the config file), got "gone.onnx"',
    );
  });

  it('reports JSON syntax errors with line and column', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{\n  "version": 1,\n  "variants": [}\n');
    expect(() => loadSweepConfig(file)).toThrowError(
      /broken\.json, line 3, column 16: expected a value/,
    );
    expect(() => loadSweepConfig(path.join(dir, 'none.json'))).toThrowError(
      /none\.json: no such file/,
    );
  });
});

describe('planSweep', () => {
  it('plans repeats × grid with stable ids, interleaving repeats A B / B A per configuration', () => {
    const plan = planSweep(parseSweepConfig(structuredClone(base), 'sweep.json', dir));
    // 2 variants × (s1t1, s1t2, s2t2) × 2 repeats
    expect(plan.cells).toHaveLength(12);
    expect(plan.order).toBe('interleaved');
    expect(plan.cells.slice(0, 5).map((c) => c.id)).toEqual([
      'dense|ort|s1|t1|seq64|b1|r0',
      'sparse|ort|s1|t1|seq64|b1|r0',
      'sparse|ort|s1|t1|seq64|b1|r1',
      'dense|ort|s1|t1|seq64|b1|r1',
      'dense|ort|s1|t2|seq64|b1|r0',
    ]);
    expect(new Set(plan.cells.map((c) => c.id)).size).toBe(12);
    expect(plan.skipped).toEqual([
      {
        id: 'dense|ort|s2|t1|seq64|b1',
        reason: 'threads 1 < streams 2: each stream needs at least one thread',
      },
      {
        id: 'sparse|ort|s2|t1|seq64|b1',
        reason: 'threads 1 < streams 2: each stream needs at least one thread',
      },
    ]);
    expect(plan.cells.find((c) => c.variant === 'sparse')!.sparse_rate).toBe(0.75);
    expect(plan.cells.find((c) => c.variant === 'dense')!.sparse_rate).toBeNull();
  });
});
