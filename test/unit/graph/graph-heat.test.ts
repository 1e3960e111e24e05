import { describe, expect, it } from 'vitest';
import { contractedGraph, runtimeView } from '../../../core/host/graph-view';
import { graphViewOf } from '../../../core/host/graph-view-model';
import { findGroups } from '../../../core/views/graph-groups';
import { heatOverlay, runtimeNodesOf } from '../../../core/views/graph-heat';
import { heatColor } from '../../../core/views/graph-style';
import { profileOf, rawNode } from '../profile/profile-helpers';
import { narrowBert } from './graph-helpers';

const model = () => narrowBert(2);

/** A profile of the model's own nodes, with layer0's query MatMul and bias Add fused into one. */
function fusedProfile() {
  const g = graphViewOf(model(), { modelId: null, title: 't' }).graphs[0]!;
  const q = 'layer0/attention/query/MatMul';
  const bias = g.nodes.find((n) =>
    n.inputs.includes(g.nodes.find((x) => x.name === q)!.outputs[0]!),
  )!.name;
  const nodes = g.nodes
    .filter((n) => n.name !== bias)
    .map((n, i) =>
      n.name === q
        ? rawNode('layer0/query/FusedMatMul', 'FusedMatMul', [4, 4, 4], {
            originals: [q, bias],
            kernel: { impl: 'sparse', precision: 'fp32', tier: 'wasm', exec_type: null },
          })
        : rawNode(n.name, n.opType, [0.01 * (i + 1), 0.01 * (i + 1), 0.01 * (i + 1)]),
    );
  return {
    g,
    q,
    bias,
    profile: profileOf(nodes, { runtimeGraph: { kind: 'builtin-plan', path: null } }),
  };
}

describe('graph view: heat overlay from a profile', () => {
  it('gives each original node the time of the runtime node that computed it; a fusion colours all it covers', () => {
    const { g, q, bias, profile } = fusedProfile();
    const id = (name: string) => g.nodes.find((n) => n.name === name)!.id;
    const behind = runtimeNodesOf(g, profile, 'original');
    expect(behind.get(id(q))!.name).toBe('layer0/query/FusedMatMul');
    expect(behind.get(id(bias))).toBe(behind.get(id(q)));
    const heat = heatOverlay(g, [], profile, 'time', 'original');
    expect(heat.untimed).toBe(0);
    const hot = heat.nodes.get(id(q))!;
    expect(hot.value).toBeCloseTo(4, 6);
    expect(hot.color).toBe(heatColor(1));
    expect(heat.nodes.get(id(bias))!.color).toBe(hot.color);
    expect(heat.legend.scale).toBe('log');
    expect(heat.legend.stops.at(-1)!.label).toBe('4.00 ms');
    const share = heatOverlay(g, [], profile, 'share', 'original');
    expect(share.nodes.get(id(q))!.value).toBeCloseTo(
      4 / profile.nodes.reduce((s, n) => s + n.time_ms.mean, 0),
      6,
    );
  });

  it('sums a group over its distinct runtime nodes; GFLOP/s without FLOPs leaves nodes uncoloured', () => {
    const { g, profile } = fusedProfile();
    const groups = findGroups(g);
    const heat = heatOverlay(g, groups, profile, 'time', 'original');
    const layer0 = heat.groups.get(groups[0]!.id)!;
    const distinct = new Set(
      groups[0]!.nodes.map((id) => runtimeNodesOf(g, profile, 'original').get(id)),
    );
    expect(layer0.runtime.length).toBe(distinct.size);
    expect(layer0.value).toBeCloseTo(
      [...distinct].reduce((s, n) => s + n!.time_ms.mean, 0),
      6,
    );
    const rate = heatOverlay(g, groups, profile, 'gflops', 'original');
    expect(rate.legend.scale).toBe('linear');
    expect([...rate.nodes.values()].every((c) => c.value === null && c.color === null)).toBe(true);
  });

  it('draws the runtime graph over the originals: a fusion takes their place and their edges', async () => {
    const { g, q, bias, profile } = fusedProfile();
    const { graph, undrawn } = contractedGraph(g, profile);
    expect(undrawn).toEqual([]);
    expect(graph.nodes.length).toBe(g.nodes.length - 1);
    const fused = graph.nodes.find((n) => n.name === 'layer0/query/FusedMatMul')!;
    expect(fused.originals).toEqual([q, bias]);
    const biasNode = g.nodes.find((n) => n.name === bias)!;
    // The fusion writes what the bias Add wrote and reads what the MatMul read.
    expect(fused.outputs).toEqual(biasNode.outputs);
    expect(fused.inputs).toContain(g.nodes.find((n) => n.name === q)!.inputs[0]);
    const view = await runtimeView(model(), profile, 'p-1', { modelId: 'm', title: 't' });
    expect(view.kind).toBe('runtime');
    expect(view.runtime!.source).toBe('builtin-plan');
    expect(view.runtime!.note).toMatch(/builtin's plan/);
    const heat = heatOverlay(view.graphs[0]!, [], profile, 'time', 'runtime');
    expect(heat.untimed).toBe(0);
  });
});
