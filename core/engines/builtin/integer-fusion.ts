import type { GraphModel, Node } from '../../model/graph';
import { applyFusions, indexGraph, nodeName, onlyConsumer, type Rewrite } from './fusion-util';

/**
 * Load-time fusion of the dynamically quantized product onnxruntime's `quantize_dynamic`
 * writes (and the builtin otherwise runs as five passes over the activation):
 *   (xq, xs, xz) = DynamicQuantizeLinear(x)
 *   y = Mul(Cast(MatMulInteger(xq, W, xz, wz), float), Mul(xs, ws)) [+ bias row]
 * → com.microsoft MatMulIntegerToFloat(xq, W, xs, ws, xz, wz, bias) — what onnxruntime's own
 * optimizer makes of it — whose constant W is packed on the int8 kernels with the scales and
 * bias in the epilogue (ops/contrib/matmul.ts). The quantizer stays one node, shared by the
 * products that read it (Q, K and V).
 */
export function fuseDynamicQuantMatMul(model: GraphModel, nodes: Node[]): Rewrite {
  const inits = model.graph.initializers;
  const ix = indexGraph(model, nodes);
  const groups = new Map<Node, Node[]>();
  const isInt = (n: Node, name: string, value: number): boolean => {
    const a = n.attributes[name];
    return a?.type === 'int' && a.value === value;
  };
  for (const m of nodes) {
    if (m.opType !== 'MatMulInteger' || m.domain) continue;
    const [xq, w, xz = '', wz = ''] = m.inputs as string[];
    const q = ix.producer.get(xq!);
    const weight = inits.get(w!);
    if (!q || q.opType !== 'DynamicQuantizeLinear' || q.domain || q.outputs[0] !== xq) continue;
    if (!weight || weight.dims.length !== 2 || xz !== q.outputs[2] || (wz && !inits.has(wz)))
      continue;
    const cast = onlyConsumer(ix, m.outputs[0]!);
    if (!cast || cast.opType !== 'Cast' || cast.domain || !isInt(cast, 'to', 1)) continue;
    const mul = onlyConsumer(ix, cast.outputs[0]!);
    if (!mul || mul.opType !== 'Mul' || mul.domain || mul.inputs.length !== 2) continue;
    const scaleName = mul.inputs[0] === cast.outputs[0] ? mul.inputs[1]! : mul.inputs[0]!;
    const sm = ix.producer.get(scaleName);
    if (!sm || sm.opType !== 'Mul' || sm.domain || onlyConsumer(ix, scaleName) !== mul) continue;
    const xs = q.outputs[1]!;
    const ws = sm.inputs[0] === xs ? sm.inputs[1]! : sm.inputs[1] === xs ? sm.inputs[0]! : '';
    const wScale = inits.get(ws);
    const N = weight.dims[1]!;
    if (!wScale || !(wScale.dims.every((d) => d === 1) || wScale.dims.join() === String(N)))
      continue;
    const parts = [m, cast, sm, mul];
    let out = mul.outputs[0]!;
    let bias = '';
    const add = onlyConsumer(ix, out);
    if (add && add.opType === 'Add' && !add.domain && add.inputs.length === 2) {
      const other = add.inputs[0] === out ? add.inputs[1]! : add.inputs[0]!;
      const t = inits.get(other);
      if (t && t.dtype === 'float32' && t.dims.length === 1 && t.dims[0] === N) {
        bias = other;
        parts.push(add);
        out = add.outputs[0]!;
      }
    }
    groups.set(
      {
        id: `${m.id}/integer_to_float`,
        name: nodeName(m),
        opType: 'MatMulIntegerToFloat',
        domain: 'com.microsoft',
        attributes: {},
        inputs: [xq!, w!, xs, ws, xz, wz, bias],
        outputs: [out],
      },
      parts,
    );
  }
  return applyFusions(nodes, groups);
}
