import { HAVE_NODE_TESTS, NODE_TESTS } from '../node-tests-dir';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { decodeTensorProto, readOnnx } from '../../../core/model/onnx/onnx-importer';
import { tensorToArray } from '../../../core/model/tensor';

const DIR = NODE_TESTS;
const present = HAVE_NODE_TESTS;

describe.skipIf(!present)('ONNX backend node test corpus', () => {
  const cases = present
    ? readdirSync(DIR).filter((d) => existsSync(path.join(DIR, d, 'model.onnx')))
    : [];

  it('imports every model.onnx or refuses it with a UserError; no crashes', () => {
    let imported = 0;
    const refused: string[] = [];
    for (const c of cases) {
      const file = path.join(DIR, c, 'model.onnx');
      try {
        const m = readOnnx(readFileSync(file), file);
        expect(m.graph.nodes.length).toBeGreaterThan(0);
        const ids = m.graph.nodes.map((n) => n.id);
        expect(new Set(ids).size).toBe(ids.length);
        imported++;
      } catch (err) {
        expect(err, `${c} threw a non-UserError`).toBeInstanceOf(UserError);
        expect((err as Error).message).toContain(file);
        refused.push(`${c}: ${(err as Error).message}`);
      }
    }
    console.log(`node tests: ${imported} imported, ${refused.length} refused of ${cases.length}`);
    for (const r of refused) console.log(`  refused ${r}`);
    expect(cases.length).toBeGreaterThan(500);
    expect(imported / cases.length).toBeGreaterThanOrEqual(0.99);
  });

  it('decodes test_data_set_0/*.pb tensors (sequence/optional values refused clearly)', () => {
    let decoded = 0;
    let refused = 0;
    for (const c of cases) {
      const set = path.join(DIR, c, 'test_data_set_0');
      if (!existsSync(set)) continue;
      for (const f of readdirSync(set).filter((n) => n.endsWith('.pb'))) {
        const file = path.join(set, f);
        try {
          const t = decodeTensorProto(readFileSync(file), file);
          const values = tensorToArray(t);
          expect(values.length).toBe(
            t.dims.reduce((a, b) => a * b, 1) * (t.dtype.startsWith('complex') ? 2 : 1),
          );
          decoded++;
        } catch (err) {
          expect(err, `${file} threw a non-UserError`).toBeInstanceOf(UserError);
          expect((err as Error).message).toContain(file);
          refused++;
        }
      }
    }
    console.log(`test data: ${decoded} tensors decoded, ${refused} non-tensor files refused`);
    expect(decoded).toBeGreaterThan(2000);
  });

  it('matches known values from test data', () => {
    const file = path.join(DIR, 'test_matmul_2d', 'test_data_set_0', 'input_0.pb');
    const t = decodeTensorProto(readFileSync(file), file);
    expect(t.dtype).toBe('float32');
    expect(t.dims).toEqual([3, 4]);
    const model = readOnnx(readFileSync(path.join(DIR, 'test_matmul_2d', 'model.onnx')), null);
    expect(model.graph.inputs.map((v) => [v.name, v.dtype, v.shape])).toEqual([
      ['a', 'float32', [3, 4]],
      ['b', 'float32', [4, 3]],
    ]);
    expect(model.opsets['']).toBeGreaterThan(0);
  });
});
