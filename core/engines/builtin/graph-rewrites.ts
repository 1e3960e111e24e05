import type { GraphModel, Node } from '../../model/graph';
import { fuseAttention } from './attention-fusion';
import { unfuseContrib } from './contrib-unfuse';
import { fuseDynamicQuantMatMul } from './integer-fusion';
import { mergeDuplicates } from './cse';
import { fuseGelu } from './fusion';
import { nodeName, type Rewrite } from './fusion-util';
import { fuseMatMulEpilogues } from './matmul-fusion';
import { topoOrder } from './topo-order';

const plural = (n: number, one: string, many = one + 's'): string => `${n} ${n === 1 ? one : many}`;

/**
 * The load-time graph rewrites, in order: dynamically quantized products fused
 * (integer-fusion.ts), onnxruntime's contrib fusions split back (contrib-unfuse.ts), duplicate quantizers merged, erf-GELU subgraphs
 * fused, attention fused, then MatMul epilogues (bias, GELU, residual) fused. Returns the
 * rewritten node list and, for every node standing for more than itself, the names of the
 * model's nodes it covers (like OpenVINO's originalLayersNames).
 */
export function rewriteGraph(
  model: GraphModel,
  notes: string[],
): { nodes: Node[]; origins: Map<Node, string[]>; parts: Map<Node, Node[]> } {
  const origins = new Map<Node, string[]>();
  const parts = new Map<Node, Node[]>();
  /** Record a rewrite: a fused node covers what its parts covered. */
  const absorb = (r: Rewrite): Node[] => {
    for (const [node, replaced] of r.fused) {
      origins.set(node, [...new Set(replaced.flatMap((p) => origins.get(p) ?? [nodeName(p)]))]);
      parts.set(node, replaced);
    }
    return r.nodes;
  };
  const dynamic = fuseDynamicQuantMatMul(model, model.graph.nodes);
  let nodes = absorb(dynamic);
  if (dynamic.fused.size)
    notes.push(
      `fused ${plural(dynamic.fused.size, 'dynamically quantized product')} (MatMulInteger/Cast/Mul/Mul/Add → one int8 kernel)`,
    );
  const unfused = unfuseContrib(model, nodes);
  nodes = absorb(unfused);
  const split = new Set([...unfused.fused.values()].map((r) => r[0]!)).size;
  if (split)
    notes.push(
      `split ${plural(split, 'onnxruntime-fused node')} (scores FusedMatMul, BiasGelu) back for the builtin's own fusions`,
    );
  nodes = absorb(mergeDuplicates(model, topoOrder(model, nodes)));
  const merged = [...origins.values()].reduce((a, o) => a + o.length - 1, 0);
  if (merged) notes.push(`merged ${plural(merged, 'duplicate node')} (common subexpressions)`);

  const gelu = fuseGelu(model, nodes);
  nodes = absorb(gelu);
  if (gelu.fused.size)
    notes.push(
      `fused ${plural(gelu.fused.size, 'GELU subgraph')} (Div/Erf/Add/Mul/Mul → one Gelu kernel)`,
    );

  const attention = fuseAttention(model, nodes);
  nodes = absorb(attention);
  if (attention.fused.size)
    notes.push(
      `fused ${plural(attention.fused.size, 'attention block')} (Reshape/Transpose/MatMul/Softmax/MatMul → one Attention kernel, heads read in place)`,
    );

  const mm = fuseMatMulEpilogues(model, nodes, topoOrder(model, nodes));
  nodes = absorb(mm);
  const fusedMm = [...mm.fused.keys()];
  const bias = fusedMm.filter((n) => n.inputs[2]).length;
  const geluEpi = fusedMm.filter(
    (n) => n.attributes.gelu?.type === 'int' && n.attributes.gelu.value,
  ).length;
  const residual = fusedMm.filter((n) => n.inputs[3]).length;
  if (bias) notes.push(`fused ${plural(bias, 'bias Add')} into their MatMul kernels`);
  if (geluEpi) notes.push(`fused ${plural(geluEpi, 'GELU')} into MatMul epilogues`);
  if (residual) notes.push(`fused ${plural(residual, 'residual Add')} into MatMul epilogues`);
  return { nodes, origins, parts };
}
