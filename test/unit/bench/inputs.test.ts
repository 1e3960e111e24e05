import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { makeFeeds } from '../../../core/model/feeds';
import { formatShapeSpec, parseShapeSpec } from '../../../core/model/shape-spec';
import type { ValueInfo } from '../../../core/model/graph';

const BERT_INPUTS: ValueInfo[] = [
  { name: 'input_ids', dtype: 'int64', shape: ['batch', 'seq'] },
  { name: 'attention_mask', dtype: 'int64', shape: ['batch', 'seq'] },
  { name: 'token_type_ids', dtype: 'int64', shape: ['batch', 'seq'] },
];

describe('parseShapeSpec', () => {
  it('reads benchmark_app -shape syntax', () => {
    expect(parseShapeSpec('input_ids[1,64],attention_mask[1,64]')).toEqual({
      input_ids: [1, 64],
      attention_mask: [1, 64],
    });
    expect(parseShapeSpec(' input_ids [2, 16] , mask[2,16] ')).toEqual({
      input_ids: [2, 16],
      mask: [2, 16],
    });
  });
  it('reads an unnamed shape as every input and round-trips through formatShapeSpec', () => {
    expect(parseShapeSpec('[1,128]')).toEqual({ '*': [1, 128] });
    expect(formatShapeSpec(parseShapeSpec('a[1,2],b[3]'))).toBe('a[1,2],b[3]');
  });
  it.each([
    ['', /empty/],
    ['input_ids', /no \[dims\]/],
    ['input_ids[1,64', /missing "\]"/],
    ['input_ids[1,x]', /"x".*not a positive integer/],
    ['input_ids[1,0]', /"0".*not a positive integer/],
    ['input_ids[1,-4]', /not a positive integer/],
    ['a[1],a[2]', /given twice/],
    ['a[1] b[2]', /expected ","/],
    ['a[1],', /trailing ","/],
    ['[1,2],a[1,2]', /do not mix/],
  ])('rejects %j with a clear message', (text, message) => {
    let caught: unknown;
    try {
      parseShapeSpec(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toMatch(/--shape/);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('makeFeeds', () => {
  it('binds [batch, seq] and fills ids below the vocabulary, mask ones, token types zeros', () => {
    const feeds = makeFeeds(
      { inputs: BERT_INPUTS, vocabSize: 50 },
      { batch: 2, seq: 300, seed: 1 },
    );
    for (const t of Object.values(feeds)) expect(t.dims).toEqual([2, 300]);
    const ids = feeds.input_ids!.data as BigInt64Array;
    expect(ids).toBeInstanceOf(BigInt64Array);
    const values = [...ids].map(Number);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(50);
    expect(new Set(values).size).toBeGreaterThan(40); // uniform, not constant
    expect([...(feeds.attention_mask!.data as BigInt64Array)].every((v) => v === 1n)).toBe(true);
    expect([...(feeds.token_type_ids!.data as BigInt64Array)].every((v) => v === 0n)).toBe(true);
  });

  it('numbers position_ids 0..seq-1 in every row', () => {
    const inputs: ValueInfo[] = [{ name: 'position_ids', dtype: 'int64', shape: ['batch', 'seq'] }];
    const feeds = makeFeeds({ inputs }, { batch: 2, seq: 3, seed: 0 });
    expect([...(feeds.position_ids!.data as BigInt64Array)]).toEqual([0n, 1n, 2n, 0n, 1n, 2n]);
  });

  it('is deterministic per seed', () => {
    const a = makeFeeds({ inputs: BERT_INPUTS, vocabSize: 1000 }, { batch: 1, seq: 32, seed: 7 });
    const b = makeFeeds({ inputs: BERT_INPUTS, vocabSize: 1000 }, { batch: 1, seq: 32, seed: 7 });
    const c = makeFeeds({ inputs: BERT_INPUTS, vocabSize: 1000 }, { batch: 1, seq: 32, seed: 8 });
    expect(a.input_ids!.data).toEqual(b.input_ids!.data);
    expect(a.input_ids!.data).not.toEqual(c.input_ids!.data);
  });

  it('uses token id 0 when the vocabulary is unknown', () => {
    const feeds = makeFeeds({ inputs: BERT_INPUTS }, { batch: 1, seq: 8, seed: 0 });
    expect([...(feeds.input_ids!.data as BigInt64Array)].every((v) => v === 0n)).toBe(true);
  });

  it('lets explicit shapes override batch/seq and keeps fixed dims', () => {
    const inputs: ValueInfo[] = [
      ...BERT_INPUTS,
      { name: 'pixel', dtype: 'float32', shape: ['batch', 3, 4] },
      { name: 'lengths', dtype: 'int32', shape: [2] },
    ];
    const feeds = makeFeeds(
      { inputs, vocabSize: 10 },
      {
        batch: 1,
        seq: 8,
        seed: 0,
        shapes: { input_ids: [2, 16], attention_mask: [2, 16], token_type_ids: [2, 16] },
      },
    );
    expect(feeds.input_ids!.dims).toEqual([2, 16]);
    expect(feeds.pixel!.dims).toEqual([1, 3, 4]);
    const pixel = feeds.pixel!.data as Float32Array;
    expect(pixel).toBeInstanceOf(Float32Array);
    expect(pixel.some((v) => v !== 0)).toBe(true); // random normal
    expect(feeds.lengths!.data).toEqual(new Int32Array(2));
  });

  it('applies an unnamed shape to every input', () => {
    const feeds = makeFeeds(
      { inputs: BERT_INPUTS, vocabSize: 10 },
      { batch: 1, seq: 8, seed: 0, shapes: { '*': [1, 5] } },
    );
    for (const t of Object.values(feeds)) expect(t.dims).toEqual([1, 5]);
  });

  it('refuses a --shape input the model lacks, naming the inputs it has', () => {
    expect(() =>
      makeFeeds(
        { inputs: BERT_INPUTS, vocabSize: 10 },
        { batch: 1, seq: 8, seed: 0, shapes: { input_idz: [1, 8] } },
      ),
    ).toThrow(/--shape names input "input_idz", which the model does not have/);
  });

  it('refuses a rank or fixed-dim mismatch', () => {
    const fixed: ValueInfo[] = [{ name: 'x', dtype: 'float32', shape: [1, 4] }];
    expect(() =>
      makeFeeds({ inputs: fixed }, { batch: 1, seq: 8, seed: 0, shapes: { x: [1, 4, 1] } }),
    ).toThrow(/3 dims.*declares 2/);
    expect(() =>
      makeFeeds({ inputs: fixed }, { batch: 1, seq: 8, seed: 0, shapes: { x: [1, 5] } }),
    ).toThrow(/fixes it at 4/);
  });

  it('gives dims beyond batch and sequence a default (0 for past lengths) with a note; dims set them', () => {
    const deep: ValueInfo[] = [
      { name: 'y', dtype: 'float32', shape: ['b', 's', 'h', null] },
      { name: 'past', dtype: 'float32', shape: ['b', 2, 'past_sequence_length', 4] },
    ];
    const notes: string[] = [];
    const f = makeFeeds({ inputs: deep }, { batch: 2, seq: 8, seed: 0, notes });
    expect(f.y!.dims).toEqual([2, 8, 1, 1]);
    expect(f.past!.dims).toEqual([2, 2, 0, 4]);
    expect(notes).toEqual([
      'input y dim 2 "h" set to 1; --dim h=N sets it',
      'input y dim 3 (unnamed) set to 1; --shape "y[...]" sets it',
      'input past dim 2 "past_sequence_length" set to 0 (a past length: no cached tokens); --dim past_sequence_length=N sets it',
    ]);
    const given = makeFeeds(
      { inputs: deep },
      { batch: 1, seq: 4, seed: 0, dims: { h: 3, past_sequence_length: 5, b: 2 } },
    );
    expect(given.y!.dims).toEqual([2, 4, 3, 1]);
    expect(given.past!.dims).toEqual([2, 2, 5, 4]);
    expect(() =>
      makeFeeds({ inputs: deep }, { batch: 1, seq: 4, seed: 0, dims: { nope: 1 } }),
    ).toThrow(/--dim names "nope", which no input of the model has/);
  });
});
