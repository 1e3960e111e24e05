import { describe, expect, it } from 'vitest';
import type { MachinePeaks } from '../../../core/api/schemas/profile';
import {
  byOpType,
  hotspots,
  kernelBreakdown,
  nodeSumVsEndToEnd,
  precisionBreakdown,
} from '../../../core/views/profile-aggregate';
import { profileNodeDelta, profileOpTypeDelta } from '../../../core/views/profile-delta';
import { attainable, rooflineView, roofsFor } from '../../../core/views/profile-roofline';
import { barsInWindow, timelineView } from '../../../core/views/profile-timeline';
import { nodeNamed, profileOf, rawNode } from './profile-helpers';

// Samples chosen so every expectation is exact arithmetic.
const sample = () =>
  profileOf(
    [
      rawNode('mm1', 'MatMul', [4, 6], {
        kernel: { impl: 'sparse', precision: 'fp32', tier: 'wasm', exec_type: 'sparse_fp32_wasm' },
      }),
      rawNode('mm2', 'MatMul', [2, 2], {
        kernel: { impl: 'dense', precision: 'int8', tier: 'wasm', exec_type: 'dense_int8_wasm' },
      }),
      rawNode('ln', 'LayerNormalization', [1, 3]),
      rawNode('gone', 'Reshape', [0, 0], { status: 'not_run' }),
    ],
    { latenciesMs: [10, 12] },
  );

describe('profile building', () => {
  it('per node mean, median, min, max and total; per run node sum over the same iterations', () => {
    const p = sample();
    expect(nodeNamed(p, 'mm1').time_ms).toEqual({ mean: 5, median: 5, min: 4, max: 6, count: 2 });
    expect(nodeNamed(p, 'mm1').total_us).toBe(10_000);
    expect(p.total_us).toBe(18_000);
    expect(p.iterations).toBe(2);
    expect(p.node_sum_ms).toBe(9);
    expect(p.latency_ms.median).toBe(11);
    expect(p.by_op_type).toEqual(byOpType(p.nodes, 2));
  });

  it('repeated names stay distinct (rows and links join on name)', () => {
    const p = profileOf([rawNode('x', 'Add', [1]), rawNode('x', 'Add', [2])]);
    expect(p.nodes.map((n) => n.name)).toEqual(['x', 'x#2']);
  });
});

describe('aggregations', () => {
  it('by op type: count, total, mean ms per iteration, share, slowest first', () => {
    expect(byOpType(sample().nodes, 2)).toEqual([
      { op_type: 'MatMul', count: 2, total_us: 14_000, mean_ms: 7, share: 14 / 18 },
      { op_type: 'LayerNormalization', count: 1, total_us: 4_000, mean_ms: 2, share: 4 / 18 },
      { op_type: 'Reshape', count: 1, total_us: 0, mean_ms: 0, share: 0 },
    ]);
  });

  it('top-N hotspots with share and running share', () => {
    const top = hotspots(sample(), 2);
    expect(top.map((h) => [h.node.name, h.rank, h.share, h.cumulative])).toEqual([
      ['mm1', 1, 10 / 18, 10 / 18],
      ['mm2', 2, 4 / 18, 14 / 18],
    ]);
  });

  it('kernel and precision breakdown over executed nodes', () => {
    const p = sample();
    expect(kernelBreakdown(p.nodes).map((r) => [r.key, r.count, r.total_us])).toEqual([
      ['sparse · fp32', 1, 10_000],
      ['dense · int8', 1, 4_000],
      ['unknown · fp32', 1, 4_000],
    ]);
    expect(precisionBreakdown(p.nodes).map((r) => [r.key, r.share])).toEqual([
      ['fp32', 14 / 18],
      ['int8', 4 / 18],
    ]);
  });

  it('node sum vs end to end, with what the gap means', () => {
    const v = nodeSumVsEndToEnd(sample());
    expect(v).toMatchObject({ nodeSumMs: 9, latencyMedianMs: 11, ratio: 9 / 11, gapMs: 2 });
    expect(v.explanation).toMatch(/builtin/);
    expect(
      nodeSumVsEndToEnd({
        ...sample(),
        latency_ms: { ...sample().latency_ms, median: null },
        source: 'ort-json',
      }).ratio,
    ).toBeNull();
  });
});

describe('A/B delta', () => {
  it('pairs nodes by name, then by the originals they cover; op types by mean per iteration', () => {
    const a = profileOf([
      rawNode('mm', 'MatMul', [4]),
      rawNode('gelu_fused', 'Gelu', [2], { originals: ['div', 'erf', 'mul'] }),
    ]);
    const b = profileOf([
      rawNode('mm', 'MatMul', [1]),
      rawNode('BiasGelu', 'BiasGelu', [3], { originals: ['mul', 'erf', 'div'] }),
      rawNode('new', 'Add', [1]),
    ]);
    const rows = profileNodeDelta(a, b);
    expect(rows.map((r) => [r.name, r.bName, r.aMs, r.bMs, r.deltaMs])).toEqual([
      ['mm', null, 4, 1, -3],
      ['gelu_fused', 'BiasGelu', 2, 3, 1],
      ['new', null, null, 1, null],
    ]);
    expect(profileOpTypeDelta(a, b).map((r) => [r.opType, r.deltaMs])).toEqual([
      ['BiasGelu', 3],
      ['MatMul', -3],
      ['Gelu', -2],
      ['Add', 1],
    ]);
  });
});

describe('roofline', () => {
  const peaks: MachinePeaks = {
    version: 1,
    measured_at: '2026-01-01T00:00:00.000Z',
    machine_key: 'test',
    wasm: { triad_gbps: 10, triad_bytes: 1, simd_fp32_gflops: 20 },
    ort: {
      bandwidth_gbps: 8,
      bandwidth_probe: 'probe',
      gemm: [
        { threads: 1, gflops: 80 },
        { threads: 2, gflops: 150 },
      ],
    },
    notes: [],
  };

  it('roofs per runtime and thread count; attainable is the lower roof', () => {
    expect(roofsFor(peaks, 'wasm', 2)).toMatchObject({
      bandwidthGbps: 10,
      peakGflops: 40,
      ridge: 4,
    });
    expect(roofsFor(peaks, 'native', 3)).toMatchObject({ bandwidthGbps: 8, peakGflops: 150 });
    expect(roofsFor(peaks, 'native', 1)!.peakGflops).toBe(80);
    expect(attainable(roofsFor(peaks, 'wasm', 1)!, 1)).toBe(10);
    expect(attainable(roofsFor(peaks, 'wasm', 1)!, 100)).toBe(20);
    expect(roofsFor(null, 'wasm', 1)).toBeNull();
  });

  it('points: FLOP per byte against achieved GFLOP/s, roofs of each runtime that ran nodes', () => {
    const p = profileOf(
      [
        rawNode('native', 'MatMul', [1], {
          kernel: { impl: 'dense', precision: 'fp32', tier: 'native-avx512', exec_type: null },
        }),
        rawNode('wasm', 'Add', [1], {
          kernel: { impl: 'elementwise', precision: 'fp32', tier: 'wasm', exec_type: null },
        }),
      ],
      {},
    );
    p.peaks = peaks;
    p.nodes[0]!.flops = 2e6;
    p.nodes[0]!.bytes = 1e5;
    p.nodes[0]!.gflops = 2;
    p.nodes[1]!.flops = 1e3;
    p.nodes[1]!.bytes = 1e4;
    p.nodes[1]!.gflops = 0.001;
    const v = rooflineView(p);
    expect(v.roofs.map((r) => r.family)).toEqual(['native', 'wasm']);
    expect(v.points.map((pt) => [pt.name, pt.family, pt.intensity])).toEqual([
      ['native', 'native', 20],
      ['wasm', 'wasm', 0.1],
    ]);
    expect(v.points[0]!.ofRoof).toBeCloseTo(2 / 80, 12);
  });
});

describe('timeline', () => {
  it('lanes with bars by start; one iteration; a window by binary search', () => {
    const p = profileOf([rawNode('a', 'Add', [1, 1]), rawNode('b', 'Mul', [2, 2])]);
    p.timeline = {
      kind: 'reconstructed',
      lanes: [{ label: 'stream 0', stream: 0, thread: null }],
      iterations: [0, 1],
      events: [
        { node: 1, iteration: 0, lane: 0, start_us: 1000, dur_us: 2000 },
        { node: 0, iteration: 0, lane: 0, start_us: 0, dur_us: 1000 },
        { node: 0, iteration: 1, lane: 0, start_us: 3000, dur_us: 1000 },
        { node: 1, iteration: 1, lane: 0, start_us: 4000, dur_us: 2000 },
      ],
    };
    const all = timelineView(p)!;
    expect(all.lanes[0]!.bars.map((b) => b.name)).toEqual(['a', 'b', 'a', 'b']);
    expect([all.startUs, all.endUs]).toEqual([0, 6000]);
    expect(timelineView(p, 1)!.lanes[0]!.bars.map((b) => b.startUs)).toEqual([3000, 4000]);
    expect(barsInWindow(all.lanes[0]!.bars, 2500, 3500).map((b) => b.startUs)).toEqual([
      1000, 3000,
    ]);
    expect(timelineView({ ...p, timeline: null })).toBeNull();
  });
});
