import type { GraphModel, Node } from '../../model/graph';
import { tensorFromArray } from '../../model/tensor';
import { indexGraph, nodeName, onlyConsumer, type GraphIndex, type Rewrite } from './fusion-util';

const CONTRIB = 'com.microsoft';

/**
 * onnxruntime's optimizer (level `all`) fuses a BERT differently from the builtin: the scores
 * product Q·Kᵀ·scale becomes com.microsoft FusedMatMul(transB, alpha), the FFN's bias Add
 * + Gelu becomes BiasGelu, and QDQ MatMuls become MatMulIntegerToFloat. Run as contrib ops, those split the builtin's larger fusions — one
 * attention kernel for the whole block, the bias and GELU in the product's epilogue — and an
 * ORT-optimized BERT ran ~1.3–1.9× slower than the graph it came from. This rewrite, run
 * first, turns exactly those two patterns back into the default-domain nodes the attention
 * and MatMul-epilogue fusions recognise; anything else stays a contrib op.
 *   FusedMatMul(a, b) {alpha}, b = Transpose(…, [0, 2, 3, 1]) (the keys' heads, transposed)
 *     → Mul(MatMul(a, b), alpha); with transB and b = Transpose(…, [0, 2, 1, 3]), b is
 *     transposed by a Transpose [0, 1, 3, 2] first
 *   MatMulIntegerToFloat(QuantizeLinear(x), constant W, …, bias) → the QDQ MatMul it came
 *     from, MatMul(DequantizeLinear(·), DequantizeLinear(W)) + bias, which matmul-int8.ts
 *     runs with the quantizer, bias, GELU and residual in one int8 kernel call
 *   BiasGelu(x, bias), x = one of those products → Gelu(Add(x, bias))
 */
export function unfuseContrib(model: GraphModel, input: Node[]): Rewrite {
  const sunk = sinkQuantize(model, input);
  const nodes = sunk.nodes;
  const ix = indexGraph(model, nodes);
  const fused = new Map<Node, Node[]>();
  const out: Node[] = [];
  for (const n of nodes) {
    const parts = n.domain === CONTRIB ? split(model, ix, n) : undefined;
    if (!parts) {
      out.push(n);
      continue;
    }
    for (const p of parts) fused.set(p, [n]);
    out.push(...parts);
  }
  for (const [n, r] of sunk.fused) if (!fused.has(n)) fused.set(n, r);
  return { nodes: out, fused };
}

/**
 * ORT's QDQ propagation moves a per-tensor QuantizeLinear above the heads-merging Transpose
 * and Reshape (they move int8 then): Reshape(Transpose(QuantizeLinear(x))) becomes
 * QuantizeLinear(Reshape(Transpose(x))) again, the same values, so the attention block ends
 * in the Transpose/Reshape the attention fusion looks for and the quantizer feeds its product.
 */
function sinkQuantize(model: GraphModel, nodes: Node[]): Rewrite {
  const ix = indexGraph(model, nodes);
  const inits = model.graph.initializers;
  const scalar = (name: string | undefined): boolean =>
    !name || (inits.get(name)?.dims ?? [2]).every((d) => d === 1);
  const fused = new Map<Node, Node[]>();
  const replaced = new Map<Node, Node[]>();
  const skip = new Set<Node>();
  for (const q of nodes) {
    if (q.opType !== 'QuantizeLinear' || q.domain || !scalar(q.inputs[1]) || !scalar(q.inputs[2]))
      continue;
    if (!inits.has(q.inputs[1]!) || (q.inputs[2] && !inits.has(q.inputs[2]))) continue;
    const t = onlyConsumer(ix, q.outputs[0]!);
    const r =
      t && t.opType === 'Transpose' && !t.domain ? onlyConsumer(ix, t.outputs[0]!) : undefined;
    if (!t || !r || r.opType !== 'Reshape' || r.domain || r.inputs[0] !== t.outputs[0]) continue;
    const base = `${q.id}/sunk`;
    const parts: Node[] = [
      { ...t, id: `${t.id}/float`, inputs: [q.inputs[0]!], outputs: [`${base}/t`] },
      {
        ...r,
        id: `${r.id}/float`,
        inputs: [`${base}/t`, ...r.inputs.slice(1)],
        outputs: [`${base}/r`],
      },
      {
        ...q,
        id: `${q.id}/after`,
        inputs: [`${base}/r`, ...q.inputs.slice(1)],
        outputs: [r.outputs[0]!],
      },
    ];
    replaced.set(q, parts);
    skip.add(t).add(r);
    for (const p of parts)
      fused.set(p, [p.opType === 'QuantizeLinear' ? q : p.opType === 'Transpose' ? t : r]);
  }
  if (!replaced.size) return { nodes, fused };
  return {
    nodes: nodes.flatMap((n) => (skip.has(n) ? [] : (replaced.get(n) ?? [n]))),
    fused,
  };
}

function split(model: GraphModel, ix: GraphIndex, n: Node): Node[] | undefined {
  const part = (
    suffix: string,
    opType: string,
    inputs: string[],
    outputs: string[],
    attributes: Node['attributes'] = {},
  ): Node => ({
    id: `${n.id}/${suffix}`,
    name: `${nodeName(n)}/${suffix}`,
    opType,
    domain: '',
    attributes,
    inputs,
    outputs,
  });
  const int = (name: string, dflt: number): number => {
    const a = n.attributes[name];
    return a?.type === 'int' ? a.value : dflt;
  };
  if (n.opType === 'FusedMatMul') {
    const [a, b] = n.inputs as [string, string];
    const t = ix.producer.get(b);
    const perm = t?.opType === 'Transpose' && !t.domain ? t.attributes.perm : undefined;
    const p = perm?.type === 'ints' ? perm.value.join() : '';
    const transB = int('transB', 0) === 1;
    // The keys' heads: already transposed for Q·Kᵀ, or transposed by transB.
    const keys = transB ? p === '0,2,1,3' : p === '0,2,3,1';
    const batchT = int('transBatchA', 0) || int('transBatchB', 0);
    if (!keys || int('transA', 0) || batchT || n.inputs.length !== 2) return undefined;
    const alphaAttr = n.attributes.alpha;
    const alpha = alphaAttr?.type === 'float' ? alphaAttr.value : 1;
    const base = `${n.id}/unfused`;
    const kT = transB ? `${base}/kT` : b;
    return [
      ...(transB
        ? [
            part('keys_transposed', 'Transpose', [b], [kT], {
              perm: { type: 'ints', value: [0, 1, 3, 2] },
            }),
          ]
        : []),
      part('scores', 'MatMul', [a, kT], [`${base}/scores`]),
      part('alpha', 'Constant', [], [`${base}/alpha`], {
        value: { type: 'tensor', value: tensorFromArray(`${base}/alpha`, 'float32', [], [alpha]) },
      }),
      part('scale', 'Mul', [`${base}/scores`, `${base}/alpha`], [n.outputs[0]!]),
    ];
  }
  if (n.opType === 'MatMulIntegerToFloat') {
    const [a, b, sa, sb, za = '', zb = '', bias = ''] = n.inputs as string[];
    const inits = model.graph.initializers;
    const w = inits.get(b!);
    const q = ix.producer.get(a!);
    // Only the QDQ form ORT made it from: a quantized activation times a constant weight.
    if (!w || w.dims.length !== 2 || !q || q.opType !== 'QuantizeLinear' || q.domain)
      return undefined;
    if ((bias && !inits.has(bias)) || !inits.has(sb!) || (zb && !inits.has(zb))) return undefined;
    const perColumn = (inits.get(sb!)?.dims ?? []).some((d) => d > 1);
    const base = `${n.id}/unfused`;
    const product = bias ? `${base}/product` : n.outputs[0]!;
    return [
      part('dequantize_a', 'DequantizeLinear', [a!, sa!, za], [`${base}/a`]),
      part(
        'dequantize_b',
        'DequantizeLinear',
        [b!, sb!, zb],
        [`${base}/b`],
        perColumn ? { axis: { type: 'int', value: 1 } } : {},
      ),
      part('product', 'MatMul', [`${base}/a`, `${base}/b`], [product]),
      ...(bias ? [part('bias', 'Add', [product, bias], [n.outputs[0]!])] : []),
    ];
  }
  if (n.opType === 'BiasGelu' && n.inputs.length === 2) {
    const [x, bias] = n.inputs as [string, string];
    const mm = ix.producer.get(x);
    // A product whose epilogue can take it: a MatMul, or a MatMulIntegerToFloat split above.
    const w =
      mm && mm.opType === 'MatMul' && !mm.domain
        ? mm.inputs[1]
        : mm &&
            mm.opType === 'MatMulIntegerToFloat' &&
            mm.domain === CONTRIB &&
            split(model, ix, mm)
          ? mm.inputs[1]
          : undefined;
    if (!w || !model.graph.initializers.has(bias) || !model.graph.initializers.has(w))
      return undefined;
    const sum = `${n.id}/unfused/sum`;
    return [part('bias', 'Add', [x, bias], [sum]), part('gelu', 'Gelu', [sum], [n.outputs[0]!])];
  }
  return undefined;
}
