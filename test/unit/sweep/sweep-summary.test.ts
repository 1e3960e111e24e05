import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultLine, SweepCell, SweepMeta } from '../../../core/api/schemas/sweep-files';
import { planSweep } from '../../../core/bench/sweep/sweep-plan';
import { formatSweepSummary, summarizeSweep } from '../../../core/bench/sweep/sweep-summary';
import { parseSweepConfig } from '../../../core/config/load-sweep-config';
import { handMadeResult } from '../helpers/hand-made-result';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sweep-summary-'));
writeFileSync(path.join(dir, 'm.onnx'), 'x');
const config = parseSweepConfig(
  {
    version: 1,
    variants: [
      { label: 'dense', model: 'm.onnx' },
      { label: 'sparse', model: 'm.onnx' },
    ],
    engines: ['ort', 'builtin'],
    streams: [1],
    threads: [1],
    seq: [32],
    batch: [1],
    niter: 5,
    repeats: 3,
  },
  'sweep.json',
  dir,
);
const plan = planSweep(config);
const meta: SweepMeta = {
  version: 1,
  kind: 'sparsescope-sweep',
  name: null,
  config,
  config_file: null,
  plan,
  status: 'finished',
  created_at: '2026-01-01T00:00:00Z',
  started_at: '2026-01-01T00:00:00Z',
  finished_at: '2026-01-01T00:01:00Z',
  sessions: 1,
};

// Hand-made result-shaped test data: throughputs chosen so the expected figures are exact.
function ok(cell: SweepCell, fps: number, latency: number): ResultLine {
  const result = handMadeResult({ ...cell, path: cell.model, fps, latency });
  return {
    version: 1,
    cell_id: cell.id,
    status: 'ok',
    result,
    finished_at: result.timestamp,
    elapsed_ms: 1,
  };
}

describe('summarizeSweep', () => {
  const fps: Record<string, number[]> = {
    'dense|ort': [100, 110, 90],
    'sparse|ort': [150, 121, 180],
    'dense|builtin': [200, 220, 180],
  };
  const lines: ResultLine[] = plan.cells.map((c) => {
    const list = fps[`${c.variant}|${c.engine}`];
    if (!list)
      return {
        version: 1,
        cell_id: c.id,
        status: 'failed',
        reason: 'WorkerCrashed: boom',
        finished_at: 'x',
        elapsed_ms: 1,
      };
    return ok(c, list[c.repeat]!, 10 + c.repeat);
  });
  const s = summarizeSweep(meta, lines);

  it('gives median and spread per point over repeats, and lists failures', () => {
    expect(s.planned).toBe(12);
    expect(s.recorded).toBe(12);
    expect(s.failed).toBe(3);
    const dense = s.points.find((p) => p.point === 'dense|ort|s1|t1|seq32|b1')!;
    expect(dense).toMatchObject({
      ok: 3,
      failed: 0,
      medianFps: 100,
      minFps: 90,
      maxFps: 110,
      medianLatencyMs: 11,
    });
    const broken = s.points.find((p) => p.point === 'sparse|builtin|s1|t1|seq32|b1')!;
    expect(broken).toMatchObject({
      ok: 0,
      failed: 3,
      medianFps: null,
      reasons: ['WorkerCrashed: boom'],
    });
  });

  it('pairs variants and engines at the same config', () => {
    // sparse/dense on ort per repeat: 1.5, 1.1, 2.0 → median 1.5
    expect(s.variantSpeedups.map((x) => [x.subject, x.id, x.speedup, x.min, x.max])).toEqual([
      ['sparse', 'ort|s1|t1|nireq1|async|b1|seq32', 1.5, 1.1, 2],
    ]);
    // builtin/ort for dense per repeat: 2, 2, 2
    expect(s.engineSpeedups.map((x) => [x.subject, x.baseline, x.id, x.speedup])).toEqual([
      ['builtin', 'ort', 'dense|s1|t1|nireq1|async|b1|seq32', 2],
    ]);
    const text = formatSweepSummary(s);
    expect(text).toContain('12/12 cells recorded, 3 failed.');
    expect(text).toMatch(
      /sparse over dense @ ort\|s1\|t1\|nireq1\|async\|b1\|seq32\s+1\.500×\s+0\.708–3\.129\s+within noise\s+3/,
    );
    expect(text).toContain('sparse|builtin|s1|t1|seq32|b1: WorkerCrashed: boom');
  });
});
