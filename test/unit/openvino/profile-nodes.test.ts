import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayerCounter } from '../../../core/engines/engine';
import { averageCounters, formatCounters } from '../../../core/engines/openvino/counters-table';
import { kernelOf, nodeTimings } from '../../../core/engines/openvino/profile-nodes';
import { runtimeNodes } from '../../../core/engines/openvino/wire';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/openvino-runtime');
const graph = runtimeNodes(
  JSON.parse(readFileSync(path.join(FIXTURES, 'tiny-s80-qdq-out-in.json'), 'utf8')),
);
const fcs = graph.filter((n) => n.layerType.startsWith('FullyConnected'));
const fused = graph.find((n) => n.originalNames.length > 1)!;

const counter = (name: string, realUs: number, over: Partial<LayerCounter> = {}): LayerCounter => ({
  name,
  status: 'EXECUTED',
  layerType: 'FullyConnected',
  execType: 'brgemm_avx512_amx_sparse_i8',
  realUs,
  cpuUs: realUs,
  ...over,
});

describe('OpenVINO counters and runtime graph', () => {
  it('reads execType the way people filter kernels', () => {
    expect(kernelOf('brgemm_avx512_amx_sparse_i8', 'FullyConnected', 'i8')).toEqual({
      impl: 'sparse',
      precision: 'i8',
      tier: 'brgemm_avx512_amx',
      execType: 'brgemm_avx512_amx_sparse_i8',
    });
    expect(kernelOf('brgemm_avx512_amx_bf16', 'FullyConnected', null)).toEqual({
      impl: 'dense',
      precision: 'bf16',
      tier: 'brgemm_avx512_amx',
      execType: 'brgemm_avx512_amx_bf16',
    });
    expect(kernelOf('jit_avx512_f32', 'MVN', 'f32')).toMatchObject({
      impl: 'jit_avx512_f32',
      tier: 'jit_avx512',
    });
  });

  it('per layer: a sample per run, original names from the runtime graph, execution order', () => {
    const [a, b] = [fcs[1]!, fcs[0]!];
    const runs = [
      [counter(a.name, 30), counter(b.name, 10), counter('skipped', 0, { status: 'NOT_RUN' })],
      [counter(a.name, 50), counter(b.name, 20)],
    ];
    const nodes = nodeTimings(runs, graph);
    expect(nodes.map((n) => n.name)).toEqual([b.name, a.name]);
    expect(nodes[1]!.samplesMs).toEqual([0.03, 0.05]);
    expect(nodes[0]!.originals).toEqual(b.originalNames);
    expect(nodes[0]!.kernel).toMatchObject({ impl: 'sparse', precision: 'i8' });
  });

  it("prints benchmark_app's -pc table, averaged over requests, with the fused layers' originals", () => {
    const profile = {
      counters: [
        [counter(fused.name, 100, { layerType: fused.layerType, execType: 'jit_avx512_f32' })],
        [counter(fused.name, 300, { layerType: fused.layerType, execType: 'jit_avx512_f32' })],
      ],
      runtimeGraph: graph,
      runtimeGraphXml: '/tmp/exec.xml',
    };
    expect(averageCounters(profile)[0]!.realUs).toBe(200);
    const text = formatCounters(profile);
    expect(text).toContain('Performance counts, mean over 2 infer requests');
    expect(text).toContain('realTime (ms): 0.200');
    expect(text).toContain(`originals: ${fused.originalNames.join(',')}`);
    expect(text).toContain('Total time:     0.200 milliseconds');
    expect(text).toContain('written to /tmp/exec.xml');
  });
});
