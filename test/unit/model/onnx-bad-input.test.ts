import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { runCli } from '../../../core/cli/main';
import { readOnnx } from '../../../core/model/onnx/onnx-importer';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { openModelFile } from '../../../core/model/registry';
import { tensorFromArray } from '../../../core/model/tensor';
import { graph, model, node } from './build-model';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function smallModelBytes(): Uint8Array {
  return writeOnnx(
    model(
      graph({
        nodes: [node('MatMul', ['x', 'w'], ['y'], {}, 'mm')],
        inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 2] }],
        initializers: [tensorFromArray('w', 'float32', [4, 2], [1, 0, 0, 1, 0, 0, 2, 0])],
      }),
    ),
  );
}

async function openError(file: string): Promise<UserError> {
  try {
    await openModelFile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error(`${file} opened without error`);
}

describe('bad model input', () => {
  it('opens a good file by extension and by magic bytes', async () => {
    const bytes = smallModelBytes();
    writeFileSync(path.join(tmp, 'good.onnx'), bytes);
    writeFileSync(path.join(tmp, 'good.model'), bytes);
    expect((await openModelFile(path.join(tmp, 'good.onnx'))).graph.nodes[0]!.opType).toBe(
      'MatMul',
    );
    expect((await openModelFile(path.join(tmp, 'good.model'))).format).toBe('onnx');
  });

  it('names the file for a truncated model', async () => {
    const bytes = smallModelBytes();
    const file = path.join(tmp, 'truncated.onnx');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const err = await openError(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not a valid ONNX model|truncated|needs \d+ bytes/);
  });

  it('names the file for a text file named .onnx', async () => {
    const file = path.join(tmp, 'notes.onnx');
    writeFileSync(file, 'This is not a model, just some notes.\n');
    const err = await openError(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/ONNX/);
  });

  it('names the file for a missing path, a directory and an empty file', async () => {
    const missing = path.join(tmp, 'nope.onnx');
    expect((await openError(missing)).message).toBe(`${missing}: no such file`);
    expect((await openError(tmp)).message).toContain(`${tmp}: is a directory`);
    const empty = path.join(tmp, 'empty.onnx');
    writeFileSync(empty, '');
    expect((await openError(empty)).message).toContain(`${empty}: is empty`);
    expect(() => readOnnx(new Uint8Array(0), 'mem.onnx')).toThrow(/mem\.onnx: .*empty/);
  });

  it("lists every importer's reason when none accepts", async () => {
    const file = path.join(tmp, 'data.bin');
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const err = await openError(file);
    expect(err.message).toContain(file);
    expect(err.detail).toMatch(/onnx: not an ONNX protobuf: starts with 0xff/);
  });

  it('reports a model without a graph', () => {
    // A valid protobuf ModelProto holding only ir_version = 8.
    expect(() => readOnnx(Uint8Array.from([0x08, 0x08]), 'nograph.onnx')).toThrow(
      /nograph\.onnx: ModelProto: has no graph/,
    );
  });

  it('`sparsescope info` exits 2 naming the file, 0 on success', async () => {
    let out = '';
    let errText = '';
    const io = {
      stdout: (t: string) => void (out += t),
      stderr: (t: string) => void (errText += t),
    };
    const missing = path.join(tmp, 'missing.onnx');
    expect(await runCli(['info', '-m', missing], io)).toBe(2);
    expect(errText).toContain(missing);
    errText = '';
    expect(await runCli(['info'], io)).toBe(2);
    expect(errText).toMatch(/-m FILE is required/);
    const good = path.join(tmp, 'cli.onnx');
    writeFileSync(good, smallModelBytes());
    expect(await runCli(['info', '-m', good, '--json', '--seq', '16'], io)).toBe(0);
    const info = JSON.parse(out);
    expect(info.flops.total).toBe(2 * 1 * 4 * 2);
    expect(info.linearWeights[0].sparsity).toBeCloseTo(5 / 8);
    out = '';
    expect(await runCli(['info', '-m', good], io)).toBe(0);
    expect(out).toMatch(/Linear weights \(1, overall sparsity 62\.5%\)/);
    errText = '';
    expect(await runCli(['info', '-m', good, '--seq', 'abc'], io)).toBe(2);
    expect(errText).toMatch(/--seq expects an integer/);
  });
});
