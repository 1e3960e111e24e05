import { appendFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BugError, UserError } from '../../../core/api/errors';
import { runSweep } from '../../../core/bench/sweep/run-sweep';
import {
  parseResults,
  readMeta,
  readResults,
  ResultAppender,
  RESULTS_JSONL,
} from '../../../core/bench/sweep/sweep-store';
import type { BenchResult } from '../../../core/api/schemas/bench-result';
import type { ResultLine } from '../../../core/api/schemas/sweep-files';
import type { BenchOptions } from '../../../core/bench/bench-options';
import { parseSweepConfig } from '../../../core/config/load-sweep-config';
import { handMadeResult } from '../helpers/hand-made-result';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'sweep-store-'));

function failedLine(cell_id: string): ResultLine {
  return {
    version: 1,
    cell_id,
    status: 'failed',
    reason: 'x',
    finished_at: '2026-01-01T00:00:00Z',
    elapsed_ms: 1,
  };
}

describe('results.jsonl', () => {
  it('reads whole lines and ignores a torn last line', () => {
    const a = JSON.stringify(failedLine('a|r0'));
    const b = JSON.stringify(failedLine('b|r0'));
    const text = `${a}\n${b}\n${b.slice(0, 25)}`;
    const stored = parseResults(text, 'results.jsonl');
    expect(stored.lines.map((l) => l.cell_id)).toEqual(['a|r0', 'b|r0']);
    expect(stored.tornTail).toBe(b.slice(0, 25));
  });

  it('keeps a complete last line that only lacks its newline', () => {
    const a = JSON.stringify(failedLine('a|r0'));
    expect(parseResults(a, 'r').lines).toHaveLength(1);
    expect(parseResults(a, 'r').tornTail).toBeNull();
  });

  it('refuses a broken line in the middle, naming file and line', () => {
    const a = JSON.stringify(failedLine('a|r0'));
    expect(() => parseResults(`${a}\n{"oops\n${a}\n`, 'results.jsonl')).toThrowError(
      /results\.jsonl, line 2: expected one JSON result per line/,
    );
    expect(() => parseResults(`{"version":1}\n`, 'results.jsonl')).toThrowError(
      /results\.jsonl, line 1, at cell_id/,
    );
  });

  it('cuts a torn tail before appending, so the next line is whole', () => {
    const dir = tmp();
    const file = path.join(dir, RESULTS_JSONL);
    const a = JSON.stringify(failedLine('a|r0'));
    writeFileSync(file, `${a}\n{"version":1,"cell_`);
    const app = new ResultAppender(dir);
    app.append(failedLine('b|r0'));
    app.close();
    const stored = readResults(dir);
    expect(stored.tornTail).toBeNull();
    expect(stored.lines.map((l) => l.cell_id)).toEqual(['a|r0', 'b|r0']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });
});

describe('runSweep (cells run by a stand-in, to test storing and resuming only)', () => {
  const models = tmp();
  writeFileSync(path.join(models, 'm.onnx'), 'x');
  const config = () =>
    parseSweepConfig(
      {
        version: 1,
        variants: [
          { label: 'dense', model: 'm.onnx' },
          { label: 'sparse', model: 'm.onnx' },
        ],
        engines: ['ort'],
        streams: [1],
        threads: [1, 2],
        seq: [8],
        batch: [1],
        niter: 1,
        repeats: 1,
      },
      'sweep.json',
      models,
    );

  it('records a failing cell as failed with its reason and goes on', async () => {
    const dir = path.join(tmp(), 'sweep');
    const outcome = await runSweep(dir, config(), {
      runCell: async (o) => {
        throw new BugError('Crashed', `worker of ${o.variant} t${o.threads} crashed`);
      },
    });
    expect(outcome.status).toBe('finished');
    expect(outcome.lines.map((l) => [l.cell_id, l.status, l.reason])).toEqual([
      ['dense|ort|s1|t1|seq8|b1|r0', 'failed', 'Crashed: worker of dense t1 crashed'],
      ['sparse|ort|s1|t1|seq8|b1|r0', 'failed', 'Crashed: worker of sparse t1 crashed'],
      ['dense|ort|s1|t2|seq8|b1|r0', 'failed', 'Crashed: worker of dense t2 crashed'],
      ['sparse|ort|s1|t2|seq8|b1|r0', 'failed', 'Crashed: worker of sparse t2 crashed'],
    ]);
    expect(readMeta(dir).status).toBe('finished');
    expect(readdirSync(dir).sort()).toEqual(['results.jsonl', 'sweep.json']);
  });

  it('abandons the cell in flight on abort, then resume runs each remaining cell once', async () => {
    const dir = path.join(tmp(), 'sweep');
    const controller = new AbortController();
    let calls = 0;
    const first = await runSweep(dir, config(), {
      signal: controller.signal,
      runCell: async () => {
        calls++;
        if (calls === 2) controller.abort();
        throw new UserError('Cancelled', 'stopped');
      },
    });
    expect(first.status).toBe('interrupted');
    expect(first.lines.map((l) => l.cell_id)).toEqual(['dense|ort|s1|t1|seq8|b1|r0']);
    expect(readMeta(dir).status).toBe('interrupted');

    // A crash mid-append leaves a torn line; resume must cope.
    appendFileSync(path.join(dir, RESULTS_JSONL), '{"version":1,"cell_id":"spa');
    const ran: string[] = [];
    const second = await runSweep(dir, null, {
      runCell: async (o) => {
        ran.push(`${o.variant} t${o.threads}`);
        throw new UserError('RunFailed', 'no engine here');
      },
    });
    expect(ran).toEqual(['sparse t1', 'dense t2', 'sparse t2']);
    expect(second.status).toBe('finished');
    const ids = readResults(dir).lines.map((l) => l.cell_id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(readMeta(dir).sessions).toBe(2);
  });

  it('--rerun-noisy runs a noisy cell again with the cells it is paired with, nothing else', async () => {
    const dir = path.join(tmp(), 'sweep');
    // Only the load mark matters to what is run again.
    const result = (o: BenchOptions, noisy: boolean): BenchResult =>
      handMadeResult({
        fps: 1000,
        engine: o.engine,
        variant: o.variant ?? null,
        threads: o.threads ?? 1,
        load: {
          other_cpu_fraction: noisy ? 0.5 : 0,
          loadavg_1m: 0,
          involuntary_switches: 0,
          cpu_mhz: null,
          noisy,
        },
      });
    // Only "sparse" at two threads is measured under load.
    await runSweep(dir, config(), {
      runCell: async (o) => result(o, o.variant === 'sparse' && o.threads === 2),
    });
    const ran: string[] = [];
    const again = await runSweep(
      dir,
      null,
      {
        runCell: async (o) => {
          ran.push(`${o.variant} t${o.threads}`);
          return result(o, false);
        },
      },
      { rerunNoisy: true },
    );
    expect(ran).toEqual(['dense t2', 'sparse t2']);
    expect(again.status).toBe('finished');
    expect(readResults(dir).lines).toHaveLength(6);
    // Nothing noisy is left, so a further --rerun-noisy runs nothing.
    const third = await runSweep(
      dir,
      null,
      { runCell: async (o) => result(o, true) },
      {
        rerunNoisy: true,
      },
    );
    expect(third.ran).toBe(0);
  });

  it('refuses a folder that already holds a sweep, and resuming a folder without one', async () => {
    const dir = path.join(tmp(), 'sweep');
    await runSweep(dir, config(), { runCell: async () => Promise.reject(new Error('x')) });
    await expect(runSweep(dir, config())).rejects.toThrowError(/already holds a sweep/);
    const empty = tmp();
    await expect(runSweep(empty, null)).rejects.toThrowError(
      /expected a sweep folder with sweep\.json/,
    );
    expect(readdirSync(empty)).toEqual([]);
  });
});
