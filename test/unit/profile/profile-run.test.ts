import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../../core/api/contract';
import { profileFileSchema, type ProfileFile } from '../../../core/api/schemas/profile';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';
import { checkChromeTrace } from '../../../core/profile/exporters/chrome-trace';
import { buildCore } from '../../../scripts/build.mjs';
import { cli } from '../helpers/cli';

// Real profiles of a generated tiny BERT on both engines, through the CLI and the API (workers
// run from the built core bundle, rebuilt first).
const FIXTURES = path.join(import.meta.dirname, '../../fixtures/profiles');
let fixture: { dir: string; model: string };
beforeAll(async () => {
  await buildCore();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sparsescope-profile-'));
  fixture = { dir, model: path.join(dir, 'tiny.onnx') };
  const made = await cli('make-model', '-o', fixture.model, '--preset', 'tiny');
  expect(made.code).toBe(0);
}, 120_000);
afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

async function profileJson(...args: string[]): Promise<ProfileFile> {
  const r = await cli(
    'profile',
    '-m',
    fixture.model,
    '--seq',
    '8',
    '--niter',
    '5',
    '--warmup',
    '1',
    '--no-peaks',
    '--json',
    ...args,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return profileFileSchema.parse(JSON.parse(r.stdout));
}

describe('profile command', () => {
  it('builtin: per node per iteration; node sum and latency over the same iterations', async () => {
    const p = await profileJson('--engine', 'builtin');
    expect(p.iterations).toBe(5);
    expect(p.nodes.every((n) => n.time_ms.count === 5)).toBe(true);
    expect(p.total_us).toBeCloseTo(
      p.nodes.reduce((a, n) => a + n.total_us, 0),
      6,
    );
    expect(p.node_sum_ms).toBeCloseTo(p.total_us / 1000 / 5, 9);
    expect(p.per_iteration?.node_sum_ms).toHaveLength(5);
    expect(p.latency_ms.median).toBeGreaterThan(0);
    // Node times are inside the run: their sum cannot exceed the run's own latency.
    p.per_iteration!.node_sum_ms.forEach((s, i) =>
      expect(s).toBeLessThanOrEqual(p.per_iteration!.latency_ms![i]! * 1.001),
    );
    expect(p.by_op_type.length).toBeGreaterThan(3);
    expect(p.nodes.some((n) => n.kernel.impl === 'dense' || n.kernel.impl === 'sparse')).toBe(true);
    expect(p.timeline?.kind).toBe('reconstructed');
    expect(p.runtime_graph?.kind).toBe('builtin-plan');
  });

  it('ort: its *_kernel_time events without warm-up, fused nodes mapped to the original graph', async () => {
    const p = await profileJson('--engine', 'ort');
    expect(p.iterations).toBe(5);
    expect(p.nodes.every((n) => n.time_ms.count === 5)).toBe(true);
    // Every original node is covered by a runtime node or listed as unmapped.
    const covered = new Set(p.nodes.flatMap((n) => n.originals));
    expect(covered.size + p.unmapped_originals.length).toBeGreaterThan(10);
    expect(p.nodes.some((n) => n.originals.length > 1)).toBe(true);
    expect(p.timeline?.kind).toBe('measured');
  });

  it('text output: -pc style table sorted by time, op types, node sum vs end to end; --trace, --csv, --netron', async () => {
    const trace = path.join(fixture.dir, 'trace.json');
    const csv = path.join(fixture.dir, 'counters.csv');
    const netron = path.join(fixture.dir, 'netron.json');
    const r = await cli(
      'profile',
      '-m',
      fixture.model,
      '--engine',
      'builtin',
      '--seq',
      '8',
      '--niter',
      '3',
      '--no-peaks',
      '--top',
      '5',
      '--trace',
      trace,
      '--csv',
      csv,
      '--netron',
      netron,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/layerName\s+execStatus\s+layerType\s+execType\s+realTime \(ms\)/);
    const times = [...r.stdout.matchAll(/EXECUTED\s+\S+\s+\S+\s+([\d.]+)/g)].map((m) =>
      Number(m[1]),
    );
    expect(times.length).toBe(5);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(r.stdout).toMatch(/By op type:/);
    expect(r.stdout).toMatch(
      /Node sum vs end to end: node sum [\d.]+ ms, latency median [\d.]+ ms/,
    );
    expect(checkChromeTrace(JSON.parse(readFileSync(trace, 'utf8')))).toEqual([]);
    expect(readFileSync(csv, 'utf8')).toMatch(
      /^layerName;execStatus;layerType;execType;realTime \(ms\);cpuTime \(ms\)\n/,
    );
    expect(JSON.parse(readFileSync(netron, 'utf8')).signature).toBe('netron:attachment');
  });

  it('imports, and refuses bad input with exit 2 and a message naming the file', async () => {
    const ok = await cli(
      'profile',
      '--import',
      path.join(FIXTURES, 'benchmark_detailed_counters_report.csv'),
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).source).toBe('benchmark_app-counters-csv');
    const bad = path.join(fixture.dir, 'bad.json');
    writeFileSync(bad, '[{"cat": "Node", "name": "x_kernel_time", "ts": 0}]');
    const r = await cli('profile', '--import', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}, event 0 ("x_kernel_time").dur: expected a number of µs`);
    expect((await cli('profile', '--engine', 'ort')).code).toBe(2);
  });
});

describe('profile API', () => {
  it('profile with progress, list, get, export; import; cancel an unknown job is NotFound', async () => {
    const host = createWorkbenchHost({ hostKind: 'in-process', folders: [os.tmpdir(), FIXTURES] });
    const api = inProcessApi(host);
    const events: WorkbenchEvent[] = [];
    api.onEvent((e) => events.push(e));
    const summary = await api.profile({
      model: { path: fixture.model },
      engine: 'builtin',
      seq: 8,
      niter: 4,
      jobId: 'job-1',
    });
    expect(summary.origin).toBe('measured');
    expect(events.some((e) => e.type === 'profile-progress' && e.jobId === 'job-1')).toBe(true);
    const imported = await api.importProfile(path.join(FIXTURES, 'ort-tiny-seq16-3runs.json'));
    const list = await api.listProfiles();
    expect(list.map((p) => p.id)).toEqual(expect.arrayContaining([summary.id, imported.id]));
    const file = await api.getProfile(summary.id);
    expect(file.peaks).not.toBeNull();
    const trace = await api.exportProfile(summary.id, 'chrome-trace');
    expect(checkChromeTrace(JSON.parse(trace.text))).toEqual([]);
    await expect(api.cancelProfile('nope')).rejects.toThrow(/No profile with job id nope/);
    await api.deleteProfile(imported.id);
    expect((await api.listProfiles()).some((p) => p.id === imported.id)).toBe(false);
  }, 120_000);
});

describe('cancel', () => {
  it('cancelProfile stops a running profile: it rejects as cancelled and nothing is stored', async () => {
    const host = createWorkbenchHost({ hostKind: 'in-process', folders: [os.tmpdir(), FIXTURES] });
    const api = inProcessApi(host);
    const before = (await api.listProfiles()).length;
    let started!: () => void;
    const measuring = new Promise<void>((r) => (started = r));
    api.onEvent((e) => {
      if (e.type === 'profile-progress' && e.jobId === 'long' && (e.fraction ?? 0) > 0) started();
    });
    const run = api.profile({
      model: { path: fixture.model },
      engine: 'builtin',
      seq: 8,
      niter: 100_000,
      jobId: 'long',
    });
    run.catch(() => undefined);
    await measuring;
    await api.cancelProfile('long');
    await expect(run).rejects.toThrow(/cancelled/);
    expect((await api.listProfiles()).length).toBe(before);
  }, 120_000);
});

describe('profiles inside sweeps', () => {
  it('profile: true stores one profile per successful cell beside results.jsonl, listed as sweep profiles', async () => {
    const { runSweep } = await import('../../../core/bench/sweep/run-sweep');
    const { sweepCellProfiler } = await import('../../../core/profile/sweep-profiles');
    const { workspaceDir } = await import('../../../core/host/workspace');
    const home = workspaceDir();
    const dir = path.join(home, 'sweeps', 'profiled');
    const outcome = await runSweep(
      dir,
      {
        version: 1,
        variants: [{ label: 'tiny', model: fixture.model }],
        engines: ['builtin'],
        streams: [1],
        threads: [1],
        seq: [8],
        batch: [1],
        niter: 5,
        repeats: 1,
        profile: true,
      } as never,
      { profileCell: sweepCellProfiler(home) },
    );
    expect(outcome.status).toBe('finished');
    const host = createWorkbenchHost({ hostKind: 'in-process', folders: [os.tmpdir(), FIXTURES] });
    const list = await inProcessApi(host).listProfiles();
    const cell = list.find((p) => p.origin === 'sweep' && p.runId === 'profiled');
    expect(cell).toBeDefined();
    const file = await inProcessApi(host).getProfile(cell!.id);
    expect(file.config.seq).toBe(8);
    // The benchmark's own figures are untouched by the profile (it ran after the cell's line).
    expect(outcome.lines[0]!.result!.count).toBe(5);
  }, 120_000);
});
