import { describe, expect, it } from 'vitest';
import type { GraphViewGraph } from '../../../core/api/graph-view';
import { graphViewOf } from '../../../core/host/graph-view-model';
import { findNodes } from '../../../core/views/graph-find';
import { findGroups, topologicalOrder } from '../../../core/views/graph-groups';
import { nodeBox, indexGraph, shapeText, valueLabel } from '../../../core/views/graph-labels';
import { layoutScene } from '../../../core/views/graph-layout';
import { svgDocument } from '../../../core/views/graph-svg';
import { opCategory } from '../../../core/views/graph-style';
import { fitText, textWidth } from '../../../core/views/graph-text';
import { deepModel } from '../../fixtures/graph/deep-model';
import { narrowBert } from './graph-helpers';

const tiny = () => graphViewOf(narrowBert(3), { modelId: null, title: 'tiny' });

function overlaps(
  a: { x: number; y: number; box: { width: number; height: number } },
  b: typeof a,
): boolean {
  return (
    a.x < b.x + b.box.width &&
    b.x < a.x + a.box.width &&
    a.y < b.y + b.box.height &&
    b.y < a.y + a.box.height
  );
}

describe('graph view: groups found by structure', () => {
  it('finds each layer of a generated BERT and labels it by its name prefix', () => {
    const g = tiny().graphs[0]!;
    const groups = findGroups(g);
    expect(groups.map((x) => x.label)).toEqual(['layer0', 'layer1', 'layer2']);
    const sizes = new Set(groups.map((x) => x.nodes.length));
    expect(sizes.size).toBe(1);
    // Position r of every block is the same op.
    const op = new Map(g.nodes.map((n) => [n.id, n.opType]));
    for (let r = 0; r < groups[0]!.nodes.length; r++)
      expect(new Set(groups.map((x) => op.get(x.nodes[r]!))).size).toBe(1);
  });

  it('groups opaque names (Add_123) the same way: 600 layers of 34 nodes', () => {
    const model = deepModel(600);
    const g = graphViewOf(model, { modelId: null, title: 'deep' }).graphs[0]!;
    expect(g.nodes.length).toBeGreaterThanOrEqual(20_000);
    const groups = findGroups(g);
    expect(groups.length).toBe(600);
    expect(groups.every((x) => x.nodes.length === 34 && x.count === 600)).toBe(true);
    expect(groups[7]!.label).toBe('block 8');
  });

  it('does not group blocks whose wiring differs, nor a graph without repeats', () => {
    const g = tiny().graphs[0]!;
    // Rewire one op of the middle layer: its block no longer matches the first.
    const layer1 = g.nodes.filter((n) => n.name.startsWith('layer1/'));
    const add = layer1.find((n) => n.name.endsWith('residual/Add'))!;
    add.inputs = [add.inputs[1]!, add.inputs[0]!];
    const groups = findGroups(g);
    expect(groups.some((x) => x.label === 'layer1')).toBe(false);
    const plain: GraphViewGraph = { ...g, nodes: g.nodes.slice(0, 6) };
    expect(findGroups(plain)).toEqual([]);
  });

  it('orders nodes topologically, keeping file order where it is already sorted', () => {
    const g = tiny().graphs[0]!;
    expect(topologicalOrder(g)).toBe(g.nodes);
    const shuffled: GraphViewGraph = { ...g, nodes: [...g.nodes].reverse() };
    const order = topologicalOrder(shuffled);
    const at = new Map(order.map((n, i) => [n.id, i]));
    const producer = new Map(order.flatMap((n) => n.outputs.map((o) => [o, n.id] as const)));
    for (const n of order)
      for (const v of n.inputs) {
        const p = producer.get(v);
        if (p) expect(at.get(p)!).toBeLessThan(at.get(n.id)!);
      }
  });
});

describe('graph view: boxes and layout', () => {
  it('labels boxes Netron-style: op type, weight shapes, attributes; edges with dtype and shape', () => {
    const view = tiny();
    const g = view.graphs[0]!;
    const index = indexGraph(g);
    const q = g.nodes.find((n) => n.name === 'layer0/attention/query/MatMul')!;
    const box = nodeBox(q, index, false);
    expect(box.title).toBe('MatMul');
    expect(box.rows).toEqual([{ key: 'B', value: '⟨16×16⟩' }]);
    expect(box.category).toBe('layer');
    const ln = nodeBox(
      g.nodes.find((n) => n.opType === 'LayerNormalization')!,
      index,
      true,
    );
    expect(ln.subtitle).toMatch(/LayerNorm/);
    expect(ln.rows.map((r) => r.key)).toContain('epsilon');
    expect(valueLabel(index.values.get('input_ids'))).toBe('i64 batch×sequence');
    expect(shapeText([])).toBe('scalar');
    expect(opCategory('FusedMatMul')).toBe('layer');
    expect(opCategory('SomethingNew')).toBe('other');
  });

  it('lays every node out once, without overlaps, each edge a polyline', () => {
    const g = tiny().graphs[0]!;
    const scene = layoutScene(g, {
      direction: 'tb',
      groups: [],
      expanded: new Set(),
      showNames: false,
    });
    const ops = scene.nodes.filter((n) => n.kind === 'op');
    expect(ops.map((n) => n.ref).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    for (let i = 0; i < scene.nodes.length; i++)
      for (let j = i + 1; j < scene.nodes.length; j++)
        expect(overlaps(scene.nodes[i]!, scene.nodes[j]!)).toBe(false);
    expect(scene.edges.every((e) => e.points.length >= 4)).toBe(true);
    // The mask read by every layer is named in far readers' boxes instead of drawn as edges.
    const maskRows = scene.nodes.filter((n) => n.box.rows.some((r) => r.key === '↪'));
    expect(maskRows.length).toBeGreaterThan(0);
    const lr = layoutScene(g, {
      direction: 'lr',
      groups: [],
      expanded: new Set(),
      showNames: false,
    });
    expect(lr.width).toBeGreaterThan(lr.height);
  });

  it('draws collapsed groups as one box and expanded ones as frames holding their nodes', () => {
    const g = tiny().graphs[0]!;
    const groups = findGroups(g);
    const closed = layoutScene(g, {
      direction: 'tb',
      groups,
      expanded: new Set(),
      showNames: false,
    });
    expect(closed.nodes.filter((n) => n.kind === 'group').map((n) => n.name)).toEqual([
      'layer0',
      'layer1',
      'layer2',
    ]);
    expect(closed.frames).toEqual([]);
    const open = layoutScene(g, {
      direction: 'tb',
      groups,
      expanded: new Set([groups[1]!.id]),
      showNames: false,
    });
    expect(open.frames.map((f) => f.group)).toEqual([groups[1]!.id]);
    const f = open.frames[0]!;
    const inside = open.nodes.filter((n) => n.frame === groups[1]!.id);
    expect(
      inside
        .filter((n) => n.kind === 'op')
        .map((n) => n.ref)
        .sort(),
    ).toEqual([...groups[1]!.nodes].sort());
    for (const n of inside) {
      expect(n.x).toBeGreaterThanOrEqual(f.x);
      expect(n.y).toBeGreaterThanOrEqual(f.y);
      expect(n.x + n.box.width).toBeLessThanOrEqual(f.x + f.width + 0.5);
      expect(n.y + n.box.height).toBeLessThanOrEqual(f.y + f.height + 0.5);
    }
    // Equal blocks share one inside layout: the same relative positions.
    const both = layoutScene(g, {
      direction: 'tb',
      groups,
      expanded: new Set(groups.map((x) => x.id)),
      showNames: false,
    });
    const rel = (id: string) => {
      const fr = both.frames.find((x) => x.group === id)!;
      return both.nodes
        .filter((n) => n.frame === id)
        .map((n) => [Math.round(n.x - fr.x), Math.round(n.y - fr.y)]);
    };
    expect(rel(groups[0]!.id)).toEqual(rel(groups[2]!.id));
  });

  it('writes a well-formed SVG document with every box and its tooltip name', () => {
    const g = tiny().graphs[0]!;
    const scene = layoutScene(g, {
      direction: 'tb',
      groups: [],
      expanded: new Set(),
      showNames: false,
    });
    const svg = svgDocument([{ title: 'tiny <&> "model"', scene }], { theme: 'dark', heat: null });
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('tiny &lt;&amp;&gt; &quot;model&quot;');
    for (const n of g.nodes) expect(svg).toContain(`<title>${n.name}</title>`);
    expect(svg).not.toContain('style=');
  });
});

describe('graph view: text and find', () => {
  it('measures Arial-metric text and cuts it to fit', () => {
    expect(textWidth('MatMul', 10)).toBeCloseTo(
      ((833 + 556 + 278 + 833 + 556 + 222) / 1000) * 10,
      6,
    );
    expect(textWidth('ab', 10, true)).toBeGreaterThan(textWidth('ab', 10));
    const cut = fitText('layer11/attention/output/MatMul', 11, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 11)).toBeLessThanOrEqual(60);
    expect(fitText('Add', 11, 60)).toBe('Add');
  });

  it('finds nodes by name, op type and tensor name, exact matches first', () => {
    const g = tiny().graphs[0]!;
    expect(findNodes(g, 'layer1/attention/query/matmul')[0]!.name).toBe(
      'layer1/attention/query/MatMul',
    );
    const soft = findNodes(g, 'Softmax');
    expect(soft.filter((h) => h.opType === 'Softmax').length).toBe(3);
    expect(soft[0]!.match).toBe('name');
    const mask = findNodes(g, 'attention_mask');
    expect(mask[0]!.match).toBe('tensor');
    expect(findNodes(g, '   ')).toEqual([]);
    expect(findNodes(g, 'Add', 5).length).toBe(5);
  });
});
