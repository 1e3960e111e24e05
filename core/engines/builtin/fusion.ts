import type { GraphModel, Node } from '../../model/graph';
import { tensorToArray } from '../../model/tensor';
import { applyFusions, type Rewrite } from './fusion-util';

/**
 * Load-time fusion of GELU written with standard ops (as opset < 20 exporters emit it):
 *   y = Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)   or   Mul(Mul(x, 0.5), Add(Erf(…), 1))
 * (Div by √2 may be Mul by 1/√2; commutative operands in either order). Five passes over the
 * FFN activation become one vector kernel call.
 */
export function fuseGelu(model: GraphModel, nodes: Node[] = model.graph.nodes): Rewrite {
  const g = model.graph;
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  const scalars = new Map<string, number>();
  for (const [name, t] of g.initializers) {
    if (t.dtype === 'float32' && t.dims.reduce((a, b) => a * b, 1) === 1)
      scalars.set(name, (tensorToArray(t) as Float32Array)[0]!);
  }
  for (const n of nodes) {
    for (const o of n.outputs) producer.set(o, n);
    for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
    const v = n.attributes.value;
    if (
      n.opType === 'Constant' &&
      v?.type === 'tensor' &&
      v.value.dtype === 'float32' &&
      v.value.dims.reduce((a, b) => a * b, 1) === 1
    ) {
      scalars.set(n.outputs[0]!, (tensorToArray(v.value) as Float32Array)[0]!);
    }
  }
  const outputs = new Set(g.outputs.map((o) => o.name));
  const near = (name: string | undefined, v: number): boolean =>
    name !== undefined &&
    scalars.has(name) &&
    Math.abs(scalars.get(name)! - v) < 1e-6 * Math.max(1, v);
  /** The other input of a two-input node when one input is the scalar `v`. */
  const withScalar = (n: Node, v: number, commutative: boolean): string | undefined => {
    if (n.inputs.length !== 2 || n.domain) return undefined;
    if (near(n.inputs[1], v)) return n.inputs[0];
    if (commutative && near(n.inputs[0], v)) return n.inputs[1];
    return undefined;
  };
  const only = (value: string): Node | undefined => {
    const c = consumers.get(value) ?? [];
    return c.length === 1 && !outputs.has(value) ? c[0] : undefined;
  };
  const removed = new Set<Node>();
  const groups = new Map<Node, Node[]>();
  for (const erf of nodes) {
    if (erf.opType !== 'Erf' || erf.domain) continue;
    const d = producer.get(erf.inputs[0]!);
    if (!d || only(d.outputs[0]!) !== erf) continue;
    const x =
      d.opType === 'Div'
        ? withScalar(d, Math.SQRT2, false)
        : d.opType === 'Mul'
          ? withScalar(d, Math.SQRT1_2, true)
          : undefined;
    if (!x) continue;
    const add = only(erf.outputs[0]!);
    if (!add || add.opType !== 'Add' || withScalar(add, 1, true) !== erf.outputs[0]) continue;
    const m1 = only(add.outputs[0]!);
    if (!m1 || m1.opType !== 'Mul' || m1.domain || m1.inputs.length !== 2) continue;
    const other = m1.inputs[0] === add.outputs[0] ? m1.inputs[1]! : m1.inputs[0]!;
    let last: Node | undefined;
    let half: Node | undefined;
    if (other === x) {
      const m2 = only(m1.outputs[0]!);
      if (m2 && m2.opType === 'Mul' && withScalar(m2, 0.5, true) === m1.outputs[0]) last = m2;
    } else {
      const h = producer.get(other);
      if (h && h.opType === 'Mul' && withScalar(h, 0.5, true) === x && only(h.outputs[0]!) === m1) {
        last = m1;
        half = h;
      }
    }
    if (!last) continue;
    const group = [d, erf, add, m1, last, ...(half ? [half] : [])];
    if (group.some((n) => removed.has(n))) continue;
    group.forEach((n) => removed.add(n));
    groups.set(
      {
        id: `${erf.id}/fused_gelu`,
        name: `${erf.name || erf.id} (fused Gelu)`,
        opType: 'Gelu',
        domain: '',
        attributes: {},
        inputs: [x],
        outputs: [last.outputs[0]!],
      },
      group,
    );
  }
  return applyFusions(nodes, groups);
}
