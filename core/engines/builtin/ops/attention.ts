import type { Node } from '../../../model/graph';
import type { Runtime } from '../runtime';
import { numel, type Value } from '../values';
import type { OpFactory, PrepareEnv, Prepared, Runner } from './op-types';
import { attrFloat, attrInt, need, OpError } from './op-util';

/**
 * FusedAttention(q, k, v, mask?) {heads, scale} (see ../attention-fusion.ts): q [B, S, H·d],
 * k and v [B, T, H·d], an additive mask broadcasting to [B, 1, S, T]; out [B, S, H·d] with
 * head h in columns h·d … The kernel reads each head in place and splits heads over threads.
 * Shapes it cannot take (a per-head mask, say) run the original nodes instead.
 */
const fusedAttention: OpFactory = (env): Prepared => {
  const heads = attrInt(env.node, 'heads', 1);
  const scale = attrFloat(env.node, 'scale', 1);
  const fallback = originalRunner(env);
  return {
    kernel: { impl: 'attention', precision: 'fp32', tier: env.rt.tier.id },
    run(rt, inputs) {
      const [q, k, v] = [need(inputs[0], 'q'), need(inputs[1], 'k'), need(inputs[2], 'v')];
      const mask = inputs[3];
      const out = fast(rt, q, k, v, mask, heads, scale);
      return out ? [out] : fallback(rt, inputs);
    },
  };
};

function fast(
  rt: Runtime,
  q: Value,
  k: Value,
  v: Value,
  mask: Value | undefined,
  heads: number,
  scale: number,
): Value | undefined {
  const f32 = [q, k, v].every((x) => x.dtype === 'float32' && x.dims.length === 3);
  if (!f32) return undefined;
  const [B, S, hd] = q.dims as [number, number, number];
  const T = k.dims[1]!;
  const sameKv = k.dims[0] === B && v.dims[0] === B && v.dims[1] === T;
  if (!sameKv || k.dims[2] !== hd || v.dims[2] !== hd || hd % heads !== 0) return undefined;
  let maskBatch = 0,
    maskRow = 0;
  if (mask) {
    if (mask.dtype !== 'float32' || mask.dims.length > 4) return undefined;
    const [mb, mh, ms, mt] = [...new Array<number>(4 - mask.dims.length).fill(1), ...mask.dims];
    if (mt !== T || mh !== 1 || (mb !== 1 && mb !== B) || (ms !== 1 && ms !== S)) return undefined;
    maskRow = ms === 1 ? 0 : T;
    maskBatch = mb === 1 ? 0 : ms * T;
  }
  const out = rt.alloc('float32', [B, S, hd]);
  if (numel(out.dims) === 0) return out;
  const ok = rt.tier.attention(rt, {
    q: rt.ptr(q),
    k: rt.ptr(k),
    v: rt.ptr(v),
    out: out.ptr,
    S,
    T,
    batch: B,
    heads,
    d: hd / heads,
    ldq: hd,
    ldk: hd,
    ldv: hd,
    ldo: hd,
    scale,
    mask: mask ? rt.ptr(mask) : 0,
    maskBatch,
    maskRow,
  });
  if (ok) return out;
  rt.drop(out);
  return undefined;
}

/**
 * The replaced nodes as a small executor over the same inputs: prepared now (constants
 * captured now too: the plan drops its constant table after loading), run in their order
 * when the fused kernel does not apply.
 */
function originalRunner(env: PrepareEnv): Runner {
  const parts = env.fusedFrom?.(env.node) ?? [];
  const prepared = parts.map((n: Node) => ({ n, p: env.prepare!(n) }));
  const constants = new Map<string, Value>();
  for (const { n, p } of prepared)
    for (const name of p.reads ?? n.inputs) {
      const c = name ? env.constant(name) : undefined;
      if (c) constants.set(name, c);
    }
  const names = env.node.inputs;
  const out = env.node.outputs[0]!;
  return (rt, inputs) => {
    if (prepared.length === 0)
      throw new OpError('these attention shapes need the unfused graph, which was not kept');
    const values = new Map<string, Value>();
    names.forEach((name, i) => name && inputs[i] && values.set(name, inputs[i]));
    const get = (name: string): Value | undefined =>
      name ? (values.get(name) ?? constants.get(name)) : undefined;
    const temps: Value[] = [];
    for (const { n, p } of prepared) {
      const outs = p.run(rt, (p.reads ?? n.inputs).map(get));
      n.outputs.forEach((o, i) => {
        const val = outs[i];
        if (!o || !val) return;
        values.set(o, val);
        temps.push(val);
      });
    }
    const result = values.get(out);
    if (!result) throw new OpError('the unfused attention graph did not produce its output');
    // Free each intermediate block once; inputs and the result (and aliases of them) stay.
    const keep = new Set([result.ptr, ...inputs.map((v) => v?.ptr ?? -1)]);
    for (const t of temps)
      if (t.ptr >= 0 && !keep.has(t.ptr)) {
        keep.add(t.ptr);
        rt.drop(t);
      }
    return [result];
  };
}

export const FUSED_ATTENTION: OpFactory = fusedAttention;
