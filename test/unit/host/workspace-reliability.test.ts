import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary, WorkbenchApi } from '../../../core/api/contract';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';
import { makeBenchFixture } from '../helpers/bench-fixture';

// The workspace under many requests at once and after damage: every call answered, the
// indexes valid, nothing lost after a restart, damage never silent.

let fixture = { dir: '', model: '' };
beforeAll(async () => {
  fixture = await makeBenchFixture('workspace', { vocab: 50, maxPositions: 16, hidden: 8 });
}, 120_000);

const saved = process.env.SPARSESCOPE_HOME;
afterEach(() => {
  process.env.SPARSESCOPE_HOME = saved;
});

/** A fresh workspace folder and an API over a host on it (a "restart" is another call). */
function workspace(home = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-ws-'))) {
  process.env.SPARSESCOPE_HOME = home;
  const host = createWorkbenchHost({ hostKind: 'in-process', folders: [fixture.dir] });
  return { home, api: inProcessApi(host) };
}

const sweep = (model: string, label: string) => ({
  version: 1,
  name: label,
  variants: [{ label, model }],
  engines: ['ort'],
  streams: [1],
  threads: [1],
  seq: [8],
  batch: [1],
  niter: 2,
  warmup: 0,
});

async function settled(api: WorkbenchApi, timeoutMs = 120_000): Promise<RunSummary[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const runs = await api.listRuns();
    if (runs.every((r) => r.status !== 'running' && r.status !== 'queued')) return runs;
    if (Date.now() > until) throw new Error('sweeps did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('workspace under 50 parallel calls', () => {
  it('answers every call, keeps valid indexes and loses nothing across a restart', async () => {
    const { home, api } = workspace();
    const copies = Array.from({ length: 20 }, (_, i) => {
      const file = path.join(home, `m${i}.onnx`);
      copyFileSync(fixture.model, file);
      return file;
    });
    const first = await api.startSweep(sweep(copies[0]!, 'seed'));
    await settled(api);
    const calls: Promise<unknown>[] = [
      ...copies.map((f) => api.openModel(f)),
      ...Array.from({ length: 10 }, (_, i) =>
        api.generateModel({ preset: 'tiny', sparsity: 0, precision: 'fp32', seed: i }),
      ),
      ...Array.from({ length: 10 }, (_, i) => api.startSweep(sweep(copies[i]!, `s${i}`))),
      ...Array.from({ length: 9 }, () => api.deleteRun('no-such-run').catch((e: Error) => e)),
      api.deleteRun(first.id),
    ];
    expect(calls).toHaveLength(50);
    const answers = await Promise.allSettled(calls);
    expect(answers.filter((a) => a.status === 'rejected')).toEqual([]);

    const index = JSON.parse(readFileSync(path.join(home, 'models.json'), 'utf8')) as {
      models: { path: string }[];
    };
    expect(index.models).toHaveLength(30);
    expect(readdirSync(home).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const runs = await settled(api);
    expect(runs.map((r) => r.status).sort()).toEqual(Array(10).fill('finished'));

    // Restart: a new host on the same folder sees every model and run.
    const again = workspace(home).api;
    expect((await again.listModels()).map((m) => m.path).sort()).toEqual(
      index.models.map((m) => m.path).sort(),
    );
    expect(await again.listRuns()).toHaveLength(10);
  }, 300_000);

  it('runs sweeps one at a time: the later ones wait queued', async () => {
    const { api } = workspace();
    const a = await api.startSweep(sweep(fixture.model, 'a'));
    const b = await api.startSweep(sweep(fixture.model, 'b'));
    expect(a.status).toMatch(/queued|running/);
    expect(b.status).toBe('queued');
    const runs = await settled(api);
    expect(runs.every((r) => r.status === 'finished')).toBe(true);
  }, 120_000);
});

describe('resuming a sweep', () => {
  it('re-runs the cells measured under load with their pairs when asked, and only then', async () => {
    const { home, api } = workspace();
    const pair = {
      ...sweep(fixture.model, 'a'),
      variants: [
        { label: 'a', model: fixture.model },
        { label: 'b', model: fixture.model },
      ],
      threads: [1, 2],
    };
    const run = await api.startSweep(pair);
    await settled(api);
    // Mark one cell as measured under load, as the load sampler would have.
    const file = path.join(home, 'sweeps', run.id, 'results.jsonl');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    const marked = lines.findIndex((l) => /^b\|.*\|t2\|/.test(l.cell_id));
    // (Only that one: this machine may really have been busy during the others.)
    for (const [i, l] of lines.entries()) l.result.load.noisy = i === marked;
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect((await api.getRun(run.id)).summary!.points.reduce((n, p) => n + p.noisy, 0)).toBe(1);

    await api.resumeSweep(run.id); // a finished sweep with every cell recorded: nothing to run
    await settled(api);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);

    await api.resumeSweep(run.id, { rerunNoisy: true });
    await settled(api);
    const after = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The marked cell and the cell it is paired with (same configuration, other variant).
    expect(
      after
        .slice(4)
        .map((l) => (l.cell_id as string).split('|').slice(0, 4).join(' '))
        .sort(),
    ).toEqual(['a ort s1 t2', 'b ort s1 t2']);
    const detail = await api.getRun(run.id);
    expect(detail.cells.recorded).toBe(4);
    await expect(api.resumeSweep(run.id, { rerunNoisy: 'yes' } as never)).rejects.toThrow(
      /Bad parameters for resumeSweep/,
    );
  }, 120_000);
});

describe('a damaged workspace', () => {
  it('rebuilds a damaged model list from the models folder, keeps the damaged file, says so', async () => {
    const { home, api } = workspace();
    const made = await api.generateModel({ preset: 'tiny', sparsity: 0, precision: 'fp32' });
    writeFileSync(path.join(home, 'models.json'), '{"version": 1, "models": [');
    const restarted = workspace(home).api;
    const models = await restarted.listModels();
    expect(models.map((m) => m.path)).toEqual([made.path]);
    const info = await restarted.getAppInfo();
    expect(info.notices.join('\n')).toMatch(
      /The model list was damaged \(.*models\.json, line 1, column \d+: expected .*\); the damaged file is kept as .*models\.json\.damaged-.*Rebuilt 1 model from the files in/,
    );
    expect(readdirSync(home).some((n) => n.startsWith('models.json.damaged-'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(home, 'models.json'), 'utf8')).models).toHaveLength(1);
  });

  it('lists a broken sweep folder as damaged, with the reason, instead of hiding it', async () => {
    const { home, api } = workspace();
    await api.startSweep(sweep(fixture.model, 'ok'));
    await settled(api);
    const broken = path.join(home, 'sweeps', 'broken-sweep');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'sweep.json'), '{"version": 1, "kind": "sparsescope-sweep"}');
    const runs = await api.listRuns();
    const damaged = runs.find((r) => r.id === 'broken-sweep');
    expect(damaged?.status).toBe('damaged');
    expect(damaged?.problem).toMatch(/sweep\.json, at /);
    expect(runs.filter((r) => r.status === 'finished')).toHaveLength(1);
  }, 60_000);
});
