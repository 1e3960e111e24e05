import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';
import { cli as runCliCaptured } from '../helpers/cli';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/imports');

const cli = (args: string[]) => runCliCaptured(...args);

describe('sparsescope import', () => {
  it('prints every run of every file as a JSON array of valid results', async () => {
    const r = await cli([
      'import',
      '--json',
      path.join(FIXTURES, 'benchmark-app-sparsity.log'),
      path.join(FIXTURES, 'deepsparse-bert-async.json'),
    ]);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as unknown[];
    expect(results).toHaveLength(3);
    for (const x of results) expect(benchResultSchema.safeParse(x).success).toBe(true);
    expect(results.map((x) => (x as { throughput_fps: number }).throughput_fps)).toEqual([
      151.8, 152.02, 83.5037,
    ]);
  });

  it('prints a table', async () => {
    const r = await cli(['import', path.join(FIXTURES, 'benchmark-app-report-cpp.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /benchmark-app-report-cpp\.csv\s+openvino\s+6\s+-\s+1\s+-\s+-\s+20220\s+1347\.57\s+4\.31\s+4\.31/,
    );
  });

  it('exits 2 with the reasons and prints nothing when one file is not recognised', async () => {
    const r = await cli([
      'import',
      '--json',
      path.join(FIXTURES, 'benchmark-app-mobilenet.log'),
      path.join(FIXTURES, 'not-a-result.txt'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('not-a-result.txt: not a result file SparseScope can import.');
    expect(r.stderr).toContain(
      'OpenVINO benchmark_app console log: no "[Step N/11]" progress lines',
    );
  });

  it('exits 2 without files', async () => {
    expect((await cli(['import'])).code).toBe(2);
  });
});
