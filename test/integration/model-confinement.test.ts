import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxTypes } from '../../core/model/onnx/onnx-schema';
import { writeOnnx } from '../../core/model/onnx/onnx-writer';
import { projectRoot } from '../../core/util/paths';
import { buildCore } from '../../scripts/build.mjs';
import { graph, model, node } from '../unit/model/build-model';

// A model whose external data points out of its folder — "../../etc/passwd", an absolute
// path, or a link — is refused, and no file outside the folder is even opened: strace
// watches every open of the command.

const haveStrace = spawnSync('strace', ['-V']).status === 0;
if (!haveStrace) {
  const why = 'strace is not installed (apt-get install strace); the file-open watch cannot run';
  if (process.env.CI === 'true') throw new Error(`CI: ${why}`);
  console.warn(`model-confinement: skipped — ${why}`);
}

const work = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-confine-'));
const outside = path.join(work, 'outside');
const secret = path.join(outside, 'secret.bin');
const folder = path.join(work, 'deep', 'model');

/** A model with one external-data initializer at `location`. */
function withExternal(name: string, location: string): string {
  const base = writeOnnx(
    model(
      graph({
        nodes: [node('Relu', ['x'], ['y'])],
        inputs: [{ name: 'x', dtype: 'float32', shape: [4] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: [4] }],
      }),
    ),
  );
  const raw = onnxTypes().ModelProto.decode(base) as unknown as {
    graph: { initializer: Record<string, unknown>[] };
  };
  raw.graph.initializer.push({
    name: 'w',
    data_type: 1,
    dims: [4],
    data_location: 1,
    external_data: [
      { key: 'location', value: location },
      { key: 'length', value: '16' },
    ],
  });
  const file = path.join(folder, name);
  writeFileSync(file, onnxTypes().ModelProto.encode(raw).finish());
  return file;
}

beforeAll(async () => {
  await buildCore();
  mkdirSync(outside, { recursive: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(secret, 'S'.repeat(64));
  symlinkSync(secret, path.join(folder, 'link.bin'));
}, 120_000);

describe.skipIf(!haveStrace)(
  'model files cannot make SparseScope read outside their folder',
  () => {
    const cases: Array<[string, string, RegExp]> = [
      ['../../etc/passwd', '../../etc/passwd', /expected a path inside the model's folder/],
      [
        '../../outside/secret.bin',
        '../../outside/secret.bin',
        /expected a path inside the model's folder/,
      ],
      ['an absolute path', '/etc/passwd', /expected a path inside the model's folder/],
      ['a link leading out', 'link.bin', /link leading out of the model's folder/],
    ];
    it.each(cases)(
      'refuses external data at %s without opening it',
      (_name, location, says) => {
        const file = withExternal(
          `m-${Buffer.from(location).toString('hex').slice(0, 16)}.onnx`,
          location,
        );
        const log = path.join(work, `strace-${path.basename(file)}.log`);
        const r = spawnSync(
          'strace',
          [
            '-f',
            '-e',
            'trace=open,openat,openat2',
            '-o',
            log,
            process.execPath,
            path.join(projectRoot(), 'dist/core/bin.js'),
            'info',
            '-m',
            file,
          ],
          { encoding: 'utf8', timeout: 60_000 },
        );
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(says);
        const opens = readFileSync(log, 'utf8');
        expect(opens).toContain(path.basename(file)); // the watch works: the model itself was opened
        expect(opens).not.toContain(secret);
        expect(opens).not.toContain('/etc/passwd');
      },
      90_000,
    );
  },
);
