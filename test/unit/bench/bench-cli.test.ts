import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';
import { cli } from '../helpers/cli';
import { makeBenchFixture } from '../helpers/bench-fixture';

let dir = '';
let model = '';

beforeAll(async () => {
  ({ dir, model } = await makeBenchFixture('bench-cli', { vocab: 100, maxPositions: 64 }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sparsescope bench', () => {
  it('prints a benchmark_app-style summary', async () => {
    const r = await cli(
      'bench',
      '-m',
      model,
      '--engine',
      'ort',
      '--niter',
      '20',
      '--seq',
      '16',
      '--streams',
      '1',
      '--threads',
      '1',
      '--sparse-rate',
      '0.8',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[ INFO \] Count: +20 iterations$/m);
    expect(r.stdout).toMatch(/^\[ INFO \] Duration: +\d+\.\d\d ms$/m);
    expect(r.stdout).toMatch(
      /^\[ INFO \] Latency:\n\[ INFO \] +Median: +\d+\.\d\d ms\n\[ INFO \] +Average: +\d+\.\d\d ms\n\[ INFO \] +Min: +\d+\.\d\d ms\n\[ INFO \] +Max: +\d+\.\d\d ms$/m,
    );
    expect(r.stdout).toMatch(/^\[ INFO \] Throughput: +\d+\.\d\d FPS$/m);
    expect(r.stdout).toMatch(
      /shapes: input_ids\[1,16\],attention_mask\[1,16\],token_type_ids\[1,16\]/,
    );
    expect(r.stdout).toMatch(/^\[ WARNING \] onnxruntime ignores sparse_rate/m);
  });

  it('--json prints one result that validates against the schema', async () => {
    const r = await cli(
      'bench',
      '-m',
      model,
      '--niter',
      '6',
      '--shape',
      'input_ids[2,8],attention_mask[2,8],token_type_ids[2,8]',
      '--streams',
      '2',
      '--threads',
      '2',
      '--api',
      'sync',
      '--variant',
      'dense',
      '--json',
    );
    expect(r.code).toBe(0);
    const result = benchResultSchema.parse(JSON.parse(r.stdout));
    expect(result.count).toBe(6);
    expect(result.config).toMatchObject({
      streams: 2,
      threads: 2,
      api: 'sync',
      batch: 1,
      seq: null,
      niter: 6,
    });
    expect(result.config.shapes!.input_ids).toEqual([2, 8]);
    expect(result.model).toMatchObject({ path: model, variant: 'dense' });
  });

  it('loads a benchmark_app config, reports unknown keys and dumps it back byte for byte', async () => {
    const text =
      '{"CPU": {"NUM_STREAMS": "2", "INFERENCE_NUM_THREADS": "2", "PERFORMANCE_HINT": "THROUGHPUT"}}';
    const load = path.join(dir, 'perf_config.json');
    const dump = path.join(dir, 'dumped.json');
    writeFileSync(load, text);
    const r = await cli(
      'bench',
      '-m',
      model,
      '--niter',
      '4',
      '--seq',
      '8',
      '--load-config',
      load,
      '--dump-config',
      dump,
      '--json',
    );
    expect(r.code).toBe(0);
    const result = benchResultSchema.parse(JSON.parse(r.stdout));
    expect(result.config).toMatchObject({ streams: 2, threads: 2 });
    expect(result.notes.join('\n')).toMatch(/passed through.*CPU\.PERFORMANCE_HINT="THROUGHPUT"/);
    expect(readFileSync(dump, 'utf8')).toBe(text);
  });

  it.each([
    [['--engine', 'ort'], /-m\/--model MODEL is required/],
    [['-m', 'MISSING', '--niter', '1'], /MISSING: no such file/],
    [['--engine', 'tvm'], /--engine expects ort or builtin or openvino, got "tvm"/],
    [
      ['--shape', 'input_idz[1,8]', '--niter', '1'],
      /--shape names input "input_idz", which the model does not have/,
    ],
    [['--shape', 'input_ids[1,8', '--niter', '1'], /--shape: missing "\]"/],
    [
      ['--seq', '65', '--niter', '1'],
      /Sequence length 65 of input input_ids exceeds the model's 64 positions/,
    ],
    [['--streams', '2', '--threads', '1'], /--threads \(1\) is less than --streams \(2\)/],
    [['--time', '1', '--niter', '2'], /--time or --niter, not both/],
    [['--batch', '0'], /--batch expects an integer from 1 to 65536, got "0"/],
    [['--streams', '0'], /--streams expects an integer from 1 to 256/],
    [['--threads=-2'], /--threads expects an integer from 1 to 1024/],
    [['--niter', '2.5'], /--niter expects an integer/],
    [['--time', '0'], /--time expects a number of seconds > 0/],
    [['--sparse-rate', '1.5'], /--sparse-rate expects a number from 0 to 1/],
    [['--api', 'fast'], /--api expects async or sync/],
    [['--load-config', 'NOPE.json'], /NOPE\.json: no such file/],
  ])('exits 2 with a clear message and writes nothing: %j', async (args, message) => {
    const dump = path.join(dir, `never-${Math.random().toString(36).slice(2)}.json`);
    // The first case leaves out -m on purpose; the missing-model case brings its own.
    const argv =
      args[0] === '-m' || args.join(' ') === '--engine ort' ? args : ['-m', model, ...args];
    const r = await cli('bench', ...argv, '--dump-config', dump);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(dump)).toBe(false);
  });

  it('refuses a --dump-config in a folder that does not exist, before running', async () => {
    const r = await cli(
      'bench',
      '-m',
      model,
      '--niter',
      '1',
      '--dump-config',
      path.join(dir, 'no/such/dir/c.json'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dump-config: folder .*no\/such\/dir does not exist/);
  });

  it('refuses a malformed load_config naming the file and place', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"CPU": {"NUM_STREAMS": 4,}}');
    const r = await cli('bench', '-m', model, '--load-config', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json, line 1, column 27: expected a key in double quotes/);
  });
});
