import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';
import { projectRoot } from '../../../core/util/paths';
import { makeBenchFixture } from '../helpers/bench-fixture';
import { cli } from '../helpers/cli';

const FIXTURES = path.join(projectRoot(), 'test/fixtures/configs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'config-cli-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('sparsescope config check', () => {
  it.each(['perf_config.json', 'perf_config_sparse.json'])(
    'accepts the seed %s (exit 0)',
    async (name) => {
      const r = await cli('config', 'check', path.join(FIXTURES, name));
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/: benchmark_app config\nvalid\n$/);
    },
  );

  it('lists passed-through properties as warnings and still exits 0', async () => {
    const r = await cli('config', 'check', path.join(FIXTURES, 'ov_config.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /warning: at CPU\.SNIPPETS_MODE: passed through.*\(line 2, column 13\)/,
    );
    expect(r.stdout).toMatch(/valid, 0 errors, 1 warning\n$/);
  });

  it('prints every error with its JSON path, line and column, and exits 2', async () => {
    const bad = file(
      'bad-sweep.json',
      '{\n  "version": 1,\n  "variants": [{"label": "a b", "model": "none.onnx"}],\n  "engines": ["tvm"],\n  "streams": [0],\n  "threads": [1],\n  "seq": [8],\n  "batch": [1],\n  "niter": 1\n}\n',
    );
    const r = await cli('config', 'check', bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad}: sweep config\n`);
    expect(r.stderr).toMatch(
      /error: at variants\[0\]\.label: expected a label of letters.*got "a b" \(line 3, column 17\)/,
    );
    expect(r.stderr).toMatch(
      /error: at engines\[0\]: expected one of "ort", "builtin", "openvino", got "tvm" \(line 4/,
    );
    expect(r.stderr).toMatch(
      /error: at streams\[0\]: expected a value > 0, got 0 \(line 5, column 15\)/,
    );
    expect(r.stderr).toMatch(/3 errors, 0 warnings\n$/);
  });

  it('--json gives the kind and the placed issues, --kind checks as that kind', async () => {
    const r = await cli(
      'config',
      'check',
      path.join(FIXTURES, 'perf_config.json'),
      '--kind',
      'run',
      '--json',
    );
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as {
      version: number;
      kind: string;
      issues: { path: unknown[] }[];
    };
    expect(out).toMatchObject({ version: 1, kind: 'run' });
    expect(out.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([['version'], ['model'], ['CPU']]),
    );
  });

  it.each([
    [['config'], /expected "config check FILE" or "config schema --kind KIND"/],
    [['config', 'check'], /config check needs the FILE/],
    [['config', 'check', 'nope.json'], /nope\.json: no such file/],
    [
      ['config', 'check', '/dev/zero'],
      /expected a regular config file, but it is a character device/,
    ],
    [['config', 'check', os.tmpdir()], /expected a regular config file, but it is a folder/],
    [['config', 'schema'], /--kind expects run or sweep or benchmark-app, got nothing/],
    [
      ['config', 'schema', '--kind', 'yaml'],
      /--kind expects run or sweep or benchmark-app, got "yaml"/,
    ],
  ])('refuses %j plainly with exit 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/Unexpected error|at .*\.ts:\d+/);
  });
});

describe('sparsescope config schema', () => {
  it('prints the JSON Schema of a kind', async () => {
    const r = await cli('config', 'schema', '--kind', 'benchmark-app');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema: string; title: string };
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'SparseScope benchmark_app config',
    });
  });
});

describe('sparsescope bench --config', () => {
  it('runs the knobs of a run config file, flags overriding them', async () => {
    const { model } = await makeBenchFixture('config-cli', {
      maxPositions: 16,
      hidden: 8,
      layers: 1,
    });
    const run = file(
      'run.json',
      JSON.stringify({
        version: 1,
        model,
        streams: 2,
        threads: 2,
        seq: 8,
        niter: 4,
        variant: 'from-file',
      }),
    );
    const r = await cli('bench', '--config', run, '--streams', '1', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = benchResultSchema.parse(JSON.parse(r.stdout));
    expect(result.config).toMatchObject({ streams: 1, threads: 2, niter: 4 });
    expect(result.model.variant).toBe('from-file');
    const bad = file('bad-run.json', JSON.stringify({ version: 1, model, streams: 0 }));
    const refused = await cli('bench', '--config', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad-run\.json, at streams: expected a value ≥ 1, got 0/);
  });
});
