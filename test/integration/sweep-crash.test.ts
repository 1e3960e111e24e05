import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main';

// End to end through the real CLI, real ORT workers and tiny generated models: a sweep killed
// with SIGKILL mid-run resumes to every cell exactly once, and a cell whose workers crash
// (test-only fault hook) is recorded as failed while the others complete.

const ROOT = path.resolve(import.meta.dirname, '../..');
// The launcher (bin/sparsescope.mjs) rebuilds dist/ whenever core/ changed; that happens once
// in beforeAll, then every child runs the built bundle directly.
const LAUNCHER = path.join(ROOT, 'bin/sparsescope.mjs');
const BIN = path.join(ROOT, 'dist/core/bin.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'sweep-crash-'));

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(dir: string): { cell_id: string; status: string; reason?: string }[] {
  const file = path.join(dir, 'results.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { cell_id: string; status: string; reason?: string });
}

function writeConfig(name: string, repeats: number): string {
  const file = path.join(work, name);
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      name,
      variants: [
        { label: 'dense', model: 'dense.onnx' },
        { label: 'sparse', model: 'sparse.onnx', overrides: { sparse_rate: 0.75 } },
      ],
      engines: ['ort'],
      streams: [1, 2],
      threads: [1, 2],
      seq: [16],
      batch: [1],
      niter: 10,
      warmup: 1,
      repeats,
      cell_timeout_s: 30,
    }),
  );
  return file;
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [LAUNCHER, '--version'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(build.status, build.stderr).toBe(0);
  for (const [file, extra] of [
    ['dense.onnx', []],
    ['sparse.onnx', ['--sparsity', '0.9']],
  ] as const) {
    const r = cli(['make-model', '--preset', 'tiny', '-o', path.join(work, file), ...extra]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

describe('sweep crash safety', () => {
  it('kill -9 mid-sweep, then --resume: every cell exactly once', async () => {
    const config = writeConfig('crash.json', 2); // 2 variants × 3 (streams, threads) × 2 repeats = 12
    const dir = path.join(work, 'crash-out');
    const child = spawn(process.execPath, [BIN, 'sweep', '-c', config, '-o', dir], {
      cwd: work,
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill once a few cells are on disk, while the rest are still to run.
    const deadline = Date.now() + 45_000;
    while (lines(dir).length < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = lines(dir).length;
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(12);
    expect(JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')).status).toBe('running');

    const resumed = cli(['sweep', '--resume', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = lines(dir);
    const planned = JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as {
      status: string;
      sessions: number;
      plan: { cells: { id: string }[] };
    };
    expect(planned.plan.cells).toHaveLength(12);
    expect(after.map((l) => l.cell_id).sort()).toEqual(planned.plan.cells.map((c) => c.id).sort());
    expect(after.every((l) => l.status === 'ok')).toBe(true);
    expect(planned.status).toBe('finished');
    expect(planned.sessions).toBe(2);
    expect(resumed.stdout).toContain('12/12 cells recorded, 0 failed');
    expect(resumed.stdout).toContain('sparse over dense @ ort|s1|t1|nireq1|async|b1|seq16');
  }, 60_000);

  it('SIGINT abandons the cell in flight, leaves the store consistent and exits 130', async () => {
    const config = writeConfig('sigint.json', 1);
    const dir = path.join(work, 'sigint-out');
    const child = spawn(process.execPath, [BIN, 'sweep', '-c', config, '-o', dir], {
      cwd: work,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const deadline = Date.now() + 45_000;
    while (lines(dir).length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('continue with `sparsescope sweep --resume');
    const text = readFileSync(path.join(dir, 'results.jsonl'), 'utf8');
    expect(text === '' || text.endsWith('\n')).toBe(true); // no torn line after a clean stop
    const meta = JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as {
      status: string;
    };
    expect(meta.status).toBe('interrupted');
    expect(existsSync(path.join(dir, 'sweep.lock'))).toBe(false);
    expect(lines(dir).length).toBeLessThan(6);
  }, 60_000);

  it('a cell whose workers crash is recorded failed; the others complete', () => {
    const config = writeConfig('fault.json', 1);
    const dir = path.join(work, 'fault-out');
    // Test-only hook: cells whose id starts with "sparse|ort|s2" get crashing workers.
    const r = cli(['sweep', '-c', config, '-o', dir], { SPARSESCOPE_FAULT_CELL: 'sparse|ort|s2' });
    expect(r.code, r.stderr).toBe(0);
    const got = lines(dir);
    expect(got).toHaveLength(6);
    const failed = got.filter((l) => l.status === 'failed');
    expect(failed.map((l) => l.cell_id)).toEqual(['sparse|ort|s2|t2|seq16|b1|r0']);
    expect(failed[0]!.reason).toMatch(
      /Crashed: Stream \d's worker crashed: SPARSESCOPE_FAULT=crash-worker/,
    );
    expect(got.filter((l) => l.status === 'ok')).toHaveLength(5);
    expect(r.stderr).toContain('cell sparse|ort|s2|t2|seq16|b1|r0 failed');
    expect(r.stdout).toContain('6/6 cells recorded, 1 failed');
  }, 60_000);

  it('a sweep whose every cell failed exits 1, not 0', () => {
    const config = writeConfig('all-fail.json', 1);
    const dir = path.join(work, 'all-fail-out');
    const r = cli(['sweep', '-c', config, '-o', dir], {
      SPARSESCOPE_FAULT_CELL: '',
      SPARSESCOPE_FAULT: 'crash-worker',
    });
    expect(r.code, r.stderr).toBe(1);
    expect(lines(dir).every((l) => l.status === 'failed')).toBe(true);
    expect(r.stderr).toContain('every cell failed (6/6)');
  }, 60_000);

  it('a malformed sweep file or an unknown folder: exit 2, nothing written', async () => {
    const run = async (args: string[]) => {
      let stderr = '';
      const code = await runCli(args, { stdout: () => {}, stderr: (t) => (stderr += t) });
      return { code, stderr };
    };
    const bad = path.join(work, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        variants: [],
        engines: ['ort'],
        streams: [1],
        threads: [1],
        seq: [8],
        batch: [1],
        niter: 1,
      }),
    );
    const out = path.join(work, 'never');
    const r = await run(['sweep', '-c', bad, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json, at variants: expected at least one variant');
    expect(existsSync(out)).toBe(false);
    const u = await run(['sweep', '--resume', path.join(work, 'nowhere')]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('no such sweep folder');
    expect(existsSync(path.join(work, 'nowhere'))).toBe(false);
    const both = await run(['sweep', '--resume', out, '-c', bad]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Usage: sparsescope sweep');
  });
});
