import type { GraphModel, Node } from '../../model/graph';
import { applyFusions, indexGraph, nodeName, onlyConsumer, type Rewrite } from './fusion-util';
import { BUILTIN_DOMAIN } from './ops/internal';

/**
 * Load-time fusion of what follows a MatMul with a constant weight into its kernel:
 *   Add(constant bias row) → the bias starts the accumulators;
 *   then Gelu (erf form)   → applied to the output tile while it is in cache;
 *   then Add(residual)     → added on the same pass (the residual must already exist, i.e.
 *                            come before the MatMul in the graph, and have the output's shape
 *                            at run time — otherwise the op adds it with broadcasting).
 * Each absorbed node would otherwise be one more full pass over the activation. The result is
 * FusedMatMul(A, W, bias, residual) {gelu}; MatMuls with nothing to absorb stay MatMuls.
 */
export function fuseMatMulEpilogues(model: GraphModel, nodes: Node[], order: Node[]): Rewrite {
  const g = model.graph;
  const ix = indexGraph(model, nodes);
  const position = new Map(order.map((n, i) => [n, i] as const));
  /** Columns of a constant 2-D weight, directly or behind DequantizeLinear. */
  const weightColumns = (name: string): number | null => {
    const direct = g.initializers.get(name);
    if (direct) return direct.dims.length === 2 ? direct.dims[1]! : null;
    const p = ix.producer.get(name);
    const q = p && p.opType === 'DequantizeLinear' ? g.initializers.get(p.inputs[0]!) : undefined;
    return q && q.dims.length === 2 ? q.dims[1]! : null;
  };
  const groups = new Map<Node, Node[]>();
  for (const m of nodes) {
    if (m.opType !== 'MatMul' || m.domain || m.inputs.length !== 2) continue;
    const N = weightColumns(m.inputs[1]!);
    if (N === null) continue;
    const parts: Node[] = [m];
    let out = m.outputs[0]!;
    let bias = '',
      residual = '',
      gelu = false;
    const next = (): Node | undefined => {
      const c = onlyConsumer(ix, out);
      return c && !c.domain ? c : undefined;
    };
    let n = next();
    if (n?.opType === 'Add' && n.inputs.length === 2 && n.inputs[0] !== n.inputs[1]) {
      const other = n.inputs[0] === out ? n.inputs[1]! : n.inputs[0]!;
      const t = g.initializers.get(other);
      const isRow =
        t &&
        t.dtype === 'float32' &&
        t.dims.length >= 1 &&
        t.dims.length <= 2 &&
        t.dims[t.dims.length - 1] === N &&
        t.dims.slice(0, -1).every((d) => d === 1);
      if (isRow) {
        bias = other;
        parts.push(n);
        out = n.outputs[0]!;
        n = next();
      }
    }
    const approx = n?.attributes.approximate;
    if (
      n?.opType === 'Gelu' &&
      (!approx || (approx.type === 'string' && approx.value === 'none'))
    ) {
      gelu = true;
      parts.push(n);
      out = n.outputs[0]!;
      n = next();
    }
    if (n?.opType === 'Add' && n.inputs.length === 2 && n.inputs[0] !== n.inputs[1]) {
      const other = n.inputs[0] === out ? n.inputs[1]! : n.inputs[0]!;
      const from = ix.producer.get(other);
      const before = !from || (position.get(from) ?? Infinity) < (position.get(m) ?? -1);
      if (!g.initializers.has(other) && before) {
        residual = other;
        parts.push(n);
        out = n.outputs[0]!;
      }
    }
    if (parts.length === 1) continue;
    groups.set(
      {
        ...m,
        id: `${m.id}/fused`,
        // The product keeps its name (as OpenVINO's fused layers do); what it absorbed is in
        // the step's original names.
        name: nodeName(m),
        opType: 'FusedMatMul',
        domain: BUILTIN_DOMAIN,
        attributes: { gelu: { type: 'int', value: gelu ? 1 : 0 } },
        inputs: [m.inputs[0]!, m.inputs[1]!, bias, residual],
        outputs: [out],
      },
      parts,
    );
  }
  return applyFusions(nodes, groups);
}
