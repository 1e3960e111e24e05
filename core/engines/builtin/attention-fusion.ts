import type { GraphModel, Node } from '../../model/graph';
import {
  applyFusions,
  commonPrefix,
  constantNumbers,
  indexGraph,
  nodeName,
  onlyConsumer,
  type GraphIndex,
  type Rewrite,
} from './fusion-util';
import { BUILTIN_DOMAIN } from './ops/internal';

const same = (a: number[] | undefined, b: number[]): boolean =>
  !!a && a.length === b.length && a.every((x, i) => x === b[i]);

function perm(n: Node): number[] | undefined {
  const a = n.attributes.perm;
  return a?.type === 'ints' ? a.value : undefined;
}

/**
 * Load-time fusion of multi-head attention as BERT exporters write it:
 *   heads(x) = Transpose(Reshape(x, [0, 0, H, d]), [0, 2, 1, 3])
 *   P = Softmax(Mul|Div(MatMul(heads(q), headsᵀ(k)), c) (+ mask), axis -1)
 *   out = Reshape(Transpose(MatMul(P, heads(v)), [0, 2, 1, 3]), [0, 0, H·d])
 * (headsᵀ(k) = Transpose(Reshape(k), [0, 2, 3, 1]), or heads(k) then [0, 1, 3, 2]) → one
 * FusedAttention(q, k, v, mask) kernel that reads the heads in place and never materialises
 * the score tensor: eleven passes over memory become one, and the heads split over threads.
 */
export function fuseAttention(model: GraphModel, nodes: Node[]): Rewrite {
  const ix = indexGraph(model, nodes);
  const groups = new Map<Node, Node[]>();
  const taken = new Set<Node>();
  for (const sm of nodes) {
    if (sm.opType !== 'Softmax' || sm.domain) continue;
    const m = matchAt(model, ix, sm);
    if (!m || m.parts.some((p) => taken.has(p))) continue;
    m.parts.forEach((p) => taken.add(p));
    const prefix = commonPrefix(m.parts.map(nodeName));
    groups.set(
      {
        id: `${sm.id}/fused_attention`,
        name: `${prefix} (fused Attention)`,
        opType: 'FusedAttention',
        domain: BUILTIN_DOMAIN,
        attributes: {
          heads: { type: 'int', value: m.heads },
          scale: { type: 'float', value: m.scale },
        },
        inputs: [m.q, m.k, m.v, m.mask],
        outputs: [m.out],
      },
      m.parts,
    );
  }
  return applyFusions(nodes, groups);
}

interface Match {
  q: string;
  k: string;
  v: string;
  mask: string;
  out: string;
  heads: number;
  scale: number;
  parts: Node[];
}

function matchAt(model: GraphModel, ix: GraphIndex, sm: Node): Match | undefined {
  const axis = sm.attributes.axis;
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 21;
  const ax = axis?.type === 'int' ? axis.value : opset >= 13 ? -1 : 1;
  if (ax !== -1 && ax !== 3) return undefined;
  const parts: Node[] = [sm];
  const take = (name: string | undefined, op: string): Node | undefined => {
    const p = name ? ix.producer.get(name) : undefined;
    if (!p || p.opType !== op || p.domain || onlyConsumer(ix, p.outputs[0]!) === undefined)
      return undefined;
    parts.push(p);
    return p;
  };
  // Scores: optional mask add, then the scale.
  let scoresIn = sm.inputs[0]!;
  let mask = '';
  const add = take(scoresIn, 'Add');
  if (add) {
    // The scores side is the scaled product (the mask itself may well be a Mul too).
    const [a, b] = add.inputs as [string, string];
    const isScores = (x: string): boolean => {
      const p = ix.producer.get(x);
      return (
        !!p &&
        (p.opType === 'Mul' || p.opType === 'Div') &&
        ix.producer.get(p.inputs[0]!)?.opType === 'MatMul'
      );
    };
    [scoresIn, mask] = isScores(a) ? [a, b] : [b, a];
  }
  const scaleNode = ix.producer.get(scoresIn);
  if (!scaleNode || (scaleNode.opType !== 'Mul' && scaleNode.opType !== 'Div')) return undefined;
  take(scoresIn, scaleNode.opType);
  const c = constantNumbers(model, ix, scaleNode.inputs[1]!);
  if (!c || c.length !== 1 || !c[0]) return undefined;
  const scale = scaleNode.opType === 'Mul' ? c[0] : 1 / c[0];
  const qk = take(scaleNode.inputs[0], 'MatMul');
  if (!qk) return undefined;
  const q = heads(model, ix, qk.inputs[0]!, [0, 2, 1, 3], take);
  const k = keysT(model, ix, qk.inputs[1]!, take);
  // Context: P·V, heads merged back.
  const pv = onlyConsumer(ix, sm.outputs[0]!);
  if (!pv || pv.opType !== 'MatMul' || pv.domain || pv.inputs[0] !== sm.outputs[0])
    return undefined;
  parts.push(pv);
  const v = heads(model, ix, pv.inputs[1]!, [0, 2, 1, 3], take);
  const merge = onlyConsumer(ix, pv.outputs[0]!);
  if (!merge || merge.opType !== 'Transpose' || !same(perm(merge), [0, 2, 1, 3])) return undefined;
  parts.push(merge);
  const reshape = onlyConsumer(ix, merge.outputs[0]!);
  if (!reshape || reshape.opType !== 'Reshape' || reshape.inputs[0] !== merge.outputs[0])
    return undefined;
  parts.push(reshape);
  if (!q || !k || !v || q.heads !== k.heads || q.heads !== v.heads || q.d !== k.d) return undefined;
  const merged = constantNumbers(model, ix, reshape.inputs[1]!);
  if (!same(merged, [0, 0, q.heads * q.d]) && !same(merged, [0, -1, q.heads * q.d]))
    return undefined;
  return { q: q.x, k: k.x, v: v.x, mask, out: reshape.outputs[0]!, heads: q.heads, scale, parts };
}

type Take = (name: string | undefined, op: string) => Node | undefined;

/** Transpose(Reshape(x, [0, 0, H, d]), perm) → x, H, d. */
function heads(
  model: GraphModel,
  ix: GraphIndex,
  name: string,
  want: number[],
  take: Take,
): { x: string; heads: number; d: number } | undefined {
  const t = take(name, 'Transpose');
  if (!t || !same(perm(t), want)) return undefined;
  const r = take(t.inputs[0], 'Reshape');
  const shape = r ? constantNumbers(model, ix, r.inputs[1]!) : undefined;
  if (!r || !shape || shape.length !== 4 || shape[0] !== 0 || shape[1] !== 0) return undefined;
  if (!(shape[2]! > 0 && shape[3]! > 0)) return undefined;
  return { x: r.inputs[0]!, heads: shape[2]!, d: shape[3]! };
}

/** The keys transposed for Q·Kᵀ: one Transpose [0, 2, 3, 1], or heads then [0, 1, 3, 2]. */
function keysT(model: GraphModel, ix: GraphIndex, name: string, take: Take) {
  const t = ix.producer.get(name);
  if (t && t.opType === 'Transpose' && same(perm(t), [0, 1, 3, 2])) {
    take(name, 'Transpose');
    return heads(model, ix, t.inputs[0]!, [0, 2, 1, 3], take);
  }
  return heads(model, ix, name, [0, 2, 3, 1], take);
}
