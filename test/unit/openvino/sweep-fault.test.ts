import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepConfig } from '../../../core/api/schemas/sweep-config';
import { runSweep } from '../../../core/bench/sweep/run-sweep';
import { PYTHON_ENV } from '../../../core/engines/openvino/python';
import { makeBenchFixture } from '../helpers/bench-fixture';
import { fakePython } from './fake-python';

// A sweep whose openvino worker dies, hangs or prints garbage records each of those cells as
// failed with its reason and goes on: the ORT cells of the same sweep all finish. Runs on any
// machine: the OpenVINO worker's Python is a test double (fake-python.ts).

let dir = '';
const saved = process.env[PYTHON_ENV];

beforeAll(async () => {
  const fixture = await makeBenchFixture('ov-sweep-fault', { vocab: 100, maxPositions: 32 });
  dir = fixture.dir;
  for (const name of ['die', 'hang', 'garbage']) {
    copyFileSync(fixture.model, path.join(dir, `${name}.onnx`));
  }
  process.env[PYTHON_ENV] = fakePython();
}, 60_000);

afterAll(() => {
  if (saved === undefined) delete process.env[PYTHON_ENV];
  else process.env[PYTHON_ENV] = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('openvino faults in a sweep', () => {
  it('each costs only its cell', async () => {
    const config = {
      version: 1,
      variants: ['die', 'hang', 'garbage'].map((label) => ({
        label,
        model: path.join(dir, `${label}.onnx`),
      })),
      engines: ['openvino', 'ort'],
      streams: [1],
      threads: [1],
      seq: [8],
      batch: [1],
      niter: 5,
      warmup: 1,
      repeats: 1,
      cell_timeout_s: 3,
    } as SweepConfig;
    const outcome = await runSweep(path.join(dir, 'sweep'), config);
    expect(outcome.status).toBe('finished');
    const byCell = new Map(
      outcome.lines.map((l) => [l.cell_id.split('|').slice(0, 2).join('|'), l]),
    );
    expect(byCell.size).toBe(6);
    for (const v of ['die', 'hang', 'garbage']) expect(byCell.get(`${v}|ort`)!.status).toBe('ok');
    expect(byCell.get('die|openvino')).toMatchObject({
      status: 'failed',
      reason: 'Crashed: The OpenVINO worker exited (exit code 139) during "compile".',
    });
    expect(byCell.get('hang|openvino')).toMatchObject({ status: 'failed' });
    expect(byCell.get('hang|openvino')!.reason).toMatch(
      /^Timeout: The OpenVINO worker did not answer "compile" within 3 s; it was stopped\.$/,
    );
    expect(byCell.get('garbage|openvino')!.reason).toMatch(
      /^Crashed: The OpenVINO worker printed a line that is not a protocol reply/,
    );
  }, 120_000);
});
