import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';

const home = process.env.SPARSESCOPE_HOME!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'config-files-'));
// The folder the test's files live in is one the user allowed (as `serve --folder` does).
const api = inProcessApi(createWorkbenchHost({ hostKind: 'in-process', folders: [dir] }));
const SEED =
  '\n        {\n            "CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4}\n        }\n        ';

async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  return call.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: { name: string; message: string }) => err,
  );
}

describe('config files on the host', () => {
  it('reads and writes a config exactly, atomically, leaving no temp file', async () => {
    const file = path.join(dir, 'perf.json');
    writeFileSync(file, SEED);
    expect(await api.readConfigFile(file)).toEqual({ path: file, text: SEED });
    const edited = SEED.replace('"NUM_STREAMS": 4', '"NUM_STREAMS": 2');
    await api.writeConfigFile(file, edited);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readdirSync(dir)).toEqual(['perf.json']);
  });

  it("saves and opens a bare name in the workspace's configs folder, which the picker lists", async () => {
    const saved = await api.writeConfigFile('mine.json', '{"CPU": {}}\n');
    expect(saved.path).toBe(path.join(home, 'configs', 'mine.json'));
    expect((await api.readConfigFile('mine.json')).text).toBe('{"CPU": {}}\n');
    const listing = await api.listDirectory(null, 'configs');
    expect(listing.path).toBe(path.join(home, 'configs'));
    expect(listing.entries.map((e) => e.name)).toContain('mine.json');
    expect((await api.listDirectory(dir, 'configs')).entries.map((e) => e.name)).toEqual([
      'perf.json',
    ]);
    expect((await api.listDirectory(dir)).entries).toEqual([]); // models only by default
  });

  it('refuses to save a config with errors, a non-.json path, a folder or a FIFO', async () => {
    const bad = await refusal(
      api.writeConfigFile(path.join(dir, 'bad.json'), '{"CPU": {"NUM_STREAMS": 0}}'),
    );
    expect(bad).toMatchObject({
      name: 'BadConfig',
      message: expect.stringMatching(/was not saved: .*first at CPU\.NUM_STREAMS/),
    });
    expect(existsSync(path.join(dir, 'bad.json'))).toBe(false);
    expect(await refusal(api.writeConfigFile(path.join(dir, 'x.txt'), '{}'))).toMatchObject({
      name: 'Forbidden',
    });
    mkdirSync(path.join(dir, 'folder.json'));
    expect(await refusal(api.writeConfigFile(path.join(dir, 'folder.json'), '{}'))).toMatchObject({
      name: 'Forbidden',
      message: expect.stringMatching(/not a regular file/),
    });
    const fifo = path.join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(api.writeConfigFile(fifo, '{}'))).toMatchObject({ name: 'Forbidden' });
    expect(await refusal(api.readConfigFile(fifo))).toMatchObject({
      name: 'BadConfig',
      message: expect.stringMatching(/a FIFO/),
    });
    // An existing file the editor has not opened is never replaced.
    const other = path.join(dir, 'package.json');
    writeFileSync(other, '{"name": "x"}');
    expect(await refusal(api.writeConfigFile(other, '{}'))).toMatchObject({
      name: 'Forbidden',
      message: expect.stringMatching(/already exists and was not opened in the editor/),
    });
    expect(readFileSync(other, 'utf8')).toBe('{"name": "x"}');
    // A config whose model is missing here may be meant for another machine: it saves.
    await api.writeConfigFile(
      path.join(dir, 'elsewhere.json'),
      '{"version": 1, "model": "/other/m.onnx"}',
    );
  });

  it('refuses oversize files and texts before reading or parsing them', async () => {
    const big = path.join(dir, 'big.json');
    writeFileSync(big, `{"CPU": {"X": "${'x'.repeat(300 * 1024)}"}}`);
    expect(await refusal(api.readConfigFile(big))).toMatchObject({
      name: 'BadConfig',
      message: expect.stringMatching(/expected a config file of at most 256\.0 KiB/),
    });
    expect(
      await refusal(api.checkConfig({ text: 'x'.repeat(300 * 1024), kind: null, path: null })),
    ).toMatchObject({
      name: 'BadRequest',
    });
  });

  it('serves the schemas and presets, and checks against the file’s folder', async () => {
    const catalog = await api.getConfigCatalog();
    expect(Object.keys(catalog.schemas)).toEqual(['run', 'sweep', 'benchmark-app']);
    expect(catalog.presets.length).toBe(6);
    writeFileSync(path.join(dir, 'm.onnx'), 'x');
    const run = '{"version": 1, "model": "m.onnx"}';
    expect(
      (await api.checkConfig({ text: run, kind: null, path: path.join(dir, 'run.json') })).issues,
    ).toEqual([]);
    const unsaved = await api.checkConfig({ text: run, kind: null, path: null });
    expect(unsaved.issues[0]!.message).toMatch(/at model: expected a model file/);
  });

  it('will not start an invalid config, or a benchmark_app config without a model', async () => {
    expect(
      await refusal(
        api.startConfigRun({
          text: '{"CPU": {"NUM_STREAMS": 0}}',
          kind: null,
          path: null,
          bench: null,
        }),
      ),
    ).toMatchObject({
      name: 'BadConfig',
      message: expect.stringMatching(/cannot run: at CPU\.NUM_STREAMS/),
    });
    expect(
      await refusal(
        api.startConfigRun({ text: '{"CPU": {}}', kind: null, path: null, bench: null }),
      ),
    ).toMatchObject({
      name: 'BadRequest',
      message: expect.stringMatching(/holds no model/),
    });
  });
});
