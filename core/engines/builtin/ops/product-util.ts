import type { Node } from '../../../model/graph';
import type { Runtime } from '../runtime';
import type { Value } from '../values';
import { MATMUL_OPS } from './matmul';
import type { PrepareEnv, Prepared } from './op-types';
import { stridesOf } from './op-util';
import { copyStrided } from './strided';

/**
 * The builtin MatMul op prepared for a node that is not one (Einsum, the contrib products):
 * inputs [A, B, bias?] by value name, and `weight`, when given, the constant B it packs —
 * dense or sparse by the session's sparse rate, noted under the calling node's name. With
 * no weight and B = '' it is the product of two run-time operands.
 */
export function matmulOp(env: PrepareEnv, inputs: string[], weight?: Value): Prepared {
  const wName = weight ? `${env.node.id}/packed_weight` : '';
  const node: Node = {
    ...env.node,
    opType: 'MatMul',
    domain: '',
    inputs: [inputs[0]!, wName || inputs[1]!, ...inputs.slice(2)],
  };
  return MATMUL_OPS.MatMul!({
    ...env,
    node,
    constant: (n) => (n === wName ? weight : n ? env.constant(n) : undefined),
    producer: (n) => (n === wName || !n ? undefined : env.producer(n)),
  });
}

/** v with its axes in `perm` order: a copy, or v itself when perm is the identity. */
export function permute(rt: Runtime, v: Value, perm: number[]): Value {
  if (perm.every((p, i) => p === i)) return v;
  const st = stridesOf(v.dims);
  const out = rt.alloc(
    v.dtype,
    perm.map((p) => v.dims[p]!),
  );
  copyStrided(
    rt,
    v,
    out,
    0,
    perm.map((p) => st[p]!),
  );
  return out;
}
