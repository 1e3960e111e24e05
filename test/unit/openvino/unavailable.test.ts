import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import type { SweepConfig } from '../../../core/api/schemas/sweep-config';
import { runSweep } from '../../../core/bench/sweep/run-sweep';
import { createEngine } from '../../../core/engines/create-engine';
import { assertEnginesAvailable, listEngines } from '../../../core/engines/registry';
import { PYTHON_ENV } from '../../../core/engines/openvino/python';
import { RunLibrary } from '../../../core/host/run-library';
import { tinyBertOnnx } from '../bench/fixtures/tiny-onnx';
import { cli } from '../helpers/cli';
import { pythonWithoutOpenvino } from './fake-python';

// Without OpenVINO: the engine is listed as unavailable with the command that enables it,
// and anything naming it is refused with that message before any work starts.

const saved = process.env[PYTHON_ENV];
let work = '';
let model = '';

beforeAll(() => {
  process.env[PYTHON_ENV] = pythonWithoutOpenvino();
  work = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-no-ov-work-'));
  model = path.join(work, 'tiny.onnx');
  writeFileSync(model, tinyBertOnnx({ vocab: 100, maxPositions: 32 }));
});

afterAll(() => {
  if (saved === undefined) delete process.env[PYTHON_ENV];
  else process.env[PYTHON_ENV] = saved;
  rmSync(work, { recursive: true, force: true });
});

const SETUP =
  /Run `npm run setup:openvino` \(makes \.venv-openvino\/ with openvino==[\d.]+ from PyPI\), or set SPARSESCOPE_OPENVINO_PYTHON/;

const config = (model: string) =>
  ({
    version: 1,
    variants: [{ label: 'dense', model }],
    engines: ['ort', 'openvino'],
    streams: [1],
    threads: [1],
    seq: [8],
    batch: [1],
    niter: 5,
    repeats: 1,
  }) as SweepConfig;

describe('openvino without OpenVINO', () => {
  it('is listed as unavailable, with the reason and the enabling command', () => {
    const info = listEngines().find((e) => e.id === 'openvino')!;
    expect(info.available).toBe(false);
    expect(info.version).toBeNull();
    expect(info.note).toContain(
      "has no working openvino (ModuleNotFoundError: No module named 'openvino')",
    );
    expect(info.note).toMatch(SETUP);
  });

  it('refuses to load, with the same message', async () => {
    const err = await createEngine('openvino')
      .load('/nowhere/model.onnx', { threads: 1 })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ kind: 'EngineUnavailable' });
    expect((err as Error).message).toMatch(SETUP);
  });

  it('a sweep naming it is refused before any cell runs (nothing written)', async () => {
    const dir = path.join(work, 'sweep');
    const err = await runSweep(dir, config(model)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'EngineUnavailable' });
    expect((err as Error).message).toMatch(/^The openvino engine is not available: /);
    expect((err as Error).message).toMatch(SETUP);
    expect(existsSync(dir)).toBe(false);
    expect(() => assertEnginesAvailable(['ort', 'builtin'])).not.toThrow();
  });

  it('the workbench refuses to queue such a sweep', async () => {
    const runs = new RunLibrary(work, () => undefined);
    await expect(runs.start(config(model))).rejects.toMatchObject({
      kind: 'EngineUnavailable',
    });
    expect(await runs.list()).toEqual([]);
  });

  it('bench --engine openvino says what to run', async () => {
    const r = await cli('bench', '-m', model, '--engine', 'openvino', '--niter', '1');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(SETUP);
  });
});
