import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../core/engines/create-engine';
import { ORT_SPARSE_NOTE, type OrtSession } from '../../../core/engines/ort/ort-engine';
import { makeFeeds } from '../../../core/model/feeds';
import { tinyBertOnnx } from './fixtures/tiny-onnx';

let dir: string;
let model: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-ort-'));
  model = path.join(dir, 'tiny.onnx');
  writeFileSync(model, tinyBertOnnx({ vocab: 50, maxPositions: 16, hidden: 8 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
  name,
  dtype: 'int64' as const,
  shape: ['batch', 'seq'],
}));

describe('ort engine', () => {
  it('runs HostTensors in and out, and notes that it ignores sparse_rate', async () => {
    const engine = createEngine('ort');
    expect(engine.version).toMatch(/^\d+\.\d+\.\d+/);
    const session = await engine.load(model, { threads: 1, sparseRate: 0.75 });
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
    expect(session.notes).toEqual([ORT_SPARSE_NOTE]);
    const feeds = makeFeeds({ inputs: INPUTS, vocabSize: 50 }, { batch: 2, seq: 5, seed: 3 });
    const a = await session.run(feeds);
    const b = await session.run(feeds);
    expect(a.last_hidden_state!.dtype).toBe('float32');
    expect(a.last_hidden_state!.dims).toEqual([2, 5, 8]);
    expect(a.last_hidden_state!.data).toBeInstanceOf(Float32Array);
    expect(b.last_hidden_state!.data).toEqual(a.last_hidden_state!.data);
    // All-zero mask zeroes every embedding, so the output is relu(bias) chains only.
    const masked = makeFeeds({ inputs: INPUTS, vocabSize: 50 }, { batch: 2, seq: 5, seed: 3 });
    (masked.attention_mask!.data as BigInt64Array).fill(0n);
    const c = await session.run(masked);
    const row = (c.last_hidden_state!.data as Float32Array).slice(0, 8);
    expect((c.last_hidden_state!.data as Float32Array).slice(8, 16)).toEqual(row);
    await session.close();
  });

  it('has no note without a sparse_rate, and refuses zero threads', async () => {
    const session = await createEngine('ort').load(model, {
      threads: 2,
      graphOptimizationLevel: 'disabled',
    });
    expect(session.notes).toEqual([]);
    await session.close();
    await expect(createEngine('ort').load(model, { threads: 0 })).rejects.toThrow(
      /threads must be an integer ≥ 1/,
    );
  });

  it('writes ORT profile JSON when loaded with profile: true', async () => {
    const session = (await createEngine('ort').load(model, {
      threads: 1,
      profile: true,
    })) as OrtSession;
    await session.run(makeFeeds({ inputs: INPUTS, vocabSize: 50 }, { batch: 1, seq: 4, seed: 0 }));
    const profile = await session.endProfiling();
    const file = profile.file!.path;
    expect(path.isAbsolute(file)).toBe(true);
    expect(profile.runtimeGraph && existsSync(profile.runtimeGraph.path)).toBe(true);
    expect(existsSync(file)).toBe(true);
    const events = JSON.parse(readFileSync(file, 'utf8')) as { name: string; cat: string }[];
    expect(events.some((e) => e.cat === 'Node')).toBe(true);
    await session.close();
  });

  it('names the file when onnxruntime cannot load it', async () => {
    const junk = path.join(dir, 'junk.onnx');
    writeFileSync(junk, 'nope');
    await expect(createEngine('ort').load(junk, { threads: 1 })).rejects.toThrow(
      /onnxruntime could not load .*junk\.onnx/,
    );
  });
});

describe('ort engine feed reuse', () => {
  it('sees a feed whose data array was swapped between runs', async () => {
    const session = await createEngine('ort').load(model, { threads: 1 });
    const feeds = makeFeeds({ inputs: INPUTS, vocabSize: 50 }, { batch: 1, seq: 4, seed: 1 });
    const before = await session.run(feeds);
    feeds.attention_mask!.data = new BigInt64Array(4); // all masked now
    const after = await session.run(feeds);
    expect(after.last_hidden_state!.data).not.toEqual(before.last_hidden_state!.data);
    await session.close();
  });
});
