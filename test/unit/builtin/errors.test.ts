import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { createBuiltinSession } from '../../../core/engines/builtin/builtin-engine';
import { wrapNodeError } from '../../../core/engines/builtin/planner';
import type { HostTensor } from '../../../core/engines/engine';
import { ensureWasm } from './ensure-wasm';
import { init, io, model, node, rand } from './graph-helpers';

beforeAll(ensureWasm, 120_000);

const f32 = (dims: number[]): HostTensor => ({
  dtype: 'float32',
  dims,
  data: rand(dims.reduce((a, b) => a * b, 1)),
});

function addModel() {
  return model(
    [node('Add', ['a', 'b'], ['y'])],
    [io('a', 'float32', ['batch', 'seq', 4]), io('b', 'float32', ['batch', 'seq', 4])],
    [io('y', 'float32', ['batch', 'seq', 4])],
  );
}

async function runError(feeds: Record<string, HostTensor>): Promise<UserError> {
  const s = createBuiltinSession(addModel(), { threads: 1 });
  const err = await s.run(feeds).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('bad inputs get clear errors', () => {
  it('missing input', async () => {
    expect((await runError({ a: f32([1, 2, 4]) })).message).toBe(
      'missing input "b" (expected float32 [batch, seq, 4])',
    );
  });
  it('unknown input', async () => {
    expect(
      (await runError({ a: f32([1, 2, 4]), b: f32([1, 2, 4]), c: f32([1]) })).message,
    ).toContain('unknown input "c"');
  });
  it('wrong dtype', async () => {
    const e = await runError({
      a: f32([1, 2, 4]),
      b: { dtype: 'int32', dims: [1, 2, 4], data: new Int32Array(8) },
    });
    expect(e.message).toBe(
      'input "b" has type int32, but the model expects float32 [batch, seq, 4]',
    );
  });
  it('wrong rank and wrong fixed dim', async () => {
    expect((await runError({ a: f32([2, 4]), b: f32([1, 2, 4]) })).message).toContain('rank 2');
    expect((await runError({ a: f32([1, 2, 5]), b: f32([1, 2, 5]) })).message).toContain(
      'dim 2 is 5',
    );
  });
  it('one symbolic dim bound to two sizes', async () => {
    expect((await runError({ a: f32([1, 2, 4]), b: f32([1, 3, 4]) })).message).toBe(
      'dimension "seq" is 2 in input "a" but 3 in input "b"',
    );
  });
  it('data length not matching dims', async () => {
    expect(
      (
        await runError({
          a: { dtype: 'float32', dims: [1, 2, 4], data: new Float32Array(3) },
          b: f32([1, 2, 4]),
        })
      ).message,
    ).toContain('3 values for dims [1, 2, 4]');
  });
});

describe('model errors', () => {
  it('lists every unsupported op type and its nodes in one message', () => {
    const g = model(
      [
        node('Foo', ['x'], ['a'], {}, 'f1'),
        node('Bar', ['a'], ['b'], {}, 'b1'),
        node('Foo', ['b'], ['c'], {}, 'f2'),
        { ...node('QOrderedAttention', ['c'], ['y'], {}, 'att'), domain: 'com.microsoft' },
      ],
      [io('x', 'float32', [1])],
      [io('y', 'float32', [1])],
    );
    let err: unknown;
    try {
      createBuiltinSession(g, { threads: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      'The builtin engine does not support 3 op types in this model: Foo (2 nodes: "f1", "f2"); Bar (1 node: "b1"); com.microsoft.QOrderedAttention (1 node: "att").',
    );
  });

  it('an op failing at run time names the node, and the session stays usable', async () => {
    const g = model(
      [node('Reshape', ['x', 'shape'], ['y'], {}, 'reshape1')],
      [io('x', 'float32', ['n'])],
      [io('y', 'float32', [2, 3])],
      [init('shape', 'int64', [2], [2, 3])],
    );
    const s = createBuiltinSession(g, { threads: 1 });
    const err = await s.run({ x: f32([5]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      'node "reshape1" (Reshape): Reshape: cannot reshape [5] to [2,3]',
    );
    const ok = await s.run({ x: f32([6]) });
    expect(ok.y!.dims).toEqual([2, 3]);
  });

  it('a WebAssembly trap is explained, never shown raw', () => {
    const e = wrapNodeError(
      node('MatMul', ['a', 'b'], ['y'], {}, 'mm'),
      new WebAssembly.RuntimeError('unreachable'),
      'run',
    );
    expect(e.kind).toBe('RunFailed');
    expect(e.message).toBe(
      'node "mm" (MatMul) failed inside the builtin engine\'s WebAssembly kernels (unreachable).',
    );
    expect(e.detail).toContain('ort engine');
  });

  it('refuses a sparseRate outside 0..1', () => {
    expect(() => createBuiltinSession(addModel(), { threads: 1, sparseRate: 1.5 })).toThrow(
      'sparseRate must be between 0 and 1',
    );
  });
});

describe('inputs the model cannot take', () => {
  it('a sequence longer than the position table fails with the node named, not a crash', async () => {
    const { generateBert } = await import('../../../core/model/generate/bert');
    const { BERT_PRESETS } = await import('../../../core/model/generate/bert-options');
    const g = generateBert({ ...BERT_PRESETS.tiny, maxSeq: 16, seed: 1 });
    const s = createBuiltinSession(g, { threads: 1 });
    const seq = 20;
    const ids = (v: number) => ({
      dtype: 'int64' as const,
      dims: [1, seq],
      data: new BigInt64Array(seq).fill(BigInt(v)),
    });
    const err = await s
      .run({ input_ids: ids(3), attention_mask: ids(1), token_type_ids: ids(0) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(
      /\(Gather\): Gather: index 1\d out of range for axis of size 16/,
    );
    const ok = await s.run({
      input_ids: { ...ids(3), dims: [1, 8], data: new BigInt64Array(8).fill(3n) },
      attention_mask: { ...ids(1), dims: [1, 8], data: new BigInt64Array(8).fill(1n) },
      token_type_ids: { ...ids(0), dims: [1, 8], data: new BigInt64Array(8) },
    });
    expect(ok.last_hidden_state!.dims).toEqual([1, 8, 64]);
  });
});
