import type { Runtime } from '../runtime';
import { heapValue, narrower, numel, type NumArray, type Value } from '../values';
import type { OpFactory, PrepareEnv, Prepared } from './op-types';
import { attrString, need, nums, OpError, stridesOf } from './op-util';
import { matmulOp, permute } from './product-util';

/**
 * Einsum. Two-operand float32 contractions shaped like a matrix product (batch labels, one
 * side's free labels, the other's, summed labels; no diagonals) run as MatMul: with a
 * constant operand it is permuted once at load and packed like any MatMul weight (sparse when
 * sparse enough), else both operands are permuted into [batch, M, K] · [batch, K, N] and the
 * run-time product kernel takes them. Everything else (diagonals, traces, sums, several
 * operands, integers) is one loop over the index space.
 */

/** Labels of one operand, the ellipsis expanded to labels ".0", ".1" … aligned from the right. */
type Term = string[];

interface Parsed {
  inputs: Term[];
  output: Term;
}

function parse(equation: string, ranks: number[]): Parsed {
  const eq = equation.replace(/\s+/g, '');
  const [lhs = '', rhs] = eq.split('->') as [string, string | undefined];
  const terms = lhs.split(',');
  if (terms.length !== ranks.length)
    throw new OpError(`Einsum "${equation}" names ${terms.length} operands, got ${ranks.length}`);
  let ell = 0;
  const letters = (t: string): string[] => {
    if (!/^[A-Za-z]*(\.\.\.)?[A-Za-z]*$/.test(t))
      throw new OpError(`Einsum: cannot read term "${t}" of "${equation}"`);
    return t.replace('...', '').split('');
  };
  terms.forEach((t, i) => {
    if (t.includes('...')) ell = Math.max(ell, ranks[i]! - letters(t).length);
  });
  const expand = (t: string, rank: number | null): Term => {
    const own = letters(t);
    if (!t.includes('...')) {
      if (rank !== null && own.length !== rank)
        throw new OpError(
          `Einsum: term "${t}" has ${own.length} labels for a rank-${rank} operand`,
        );
      return own;
    }
    const n = rank === null ? ell : rank - own.length;
    if (n < 0) throw new OpError(`Einsum: term "${t}" has more labels than its operand's rank`);
    const dots = Array.from({ length: n }, (_, j) => `.${ell - n + j}`);
    const [before, after] = t.split('...') as [string, string];
    return [...before.split(''), ...dots, ...after.split('')].filter(Boolean);
  };
  const inputs = terms.map((t, i) => expand(t, ranks[i]!));
  let output: Term;
  if (rhs !== undefined) output = expand(rhs, null);
  else {
    // Implicit mode: the ellipsis, then every label used once, alphabetically.
    const count = new Map<string, number>();
    for (const t of inputs) for (const l of t) count.set(l, (count.get(l) ?? 0) + 1);
    const dots = Array.from({ length: ell }, (_, j) => `.${j}`);
    const once = [...count].filter(([l, c]) => c === 1 && !l.startsWith('.')).map(([l]) => l);
    output = [...dots, ...once.sort()];
  }
  return { inputs, output };
}

/** Every label's size (broadcasting size-1 ellipsis dims). */
function labelSizes(p: Parsed, dims: number[][]): Map<string, number> {
  const sizes = new Map<string, number>();
  p.inputs.forEach((t, i) =>
    t.forEach((l, j) => {
      const d = dims[i]![j]!;
      const have = sizes.get(l);
      if (have === undefined || have === 1) sizes.set(l, d);
      else if (d !== have && d !== 1)
        throw new OpError(`Einsum: label ${l} has sizes ${have} and ${d}`);
    }),
  );
  for (const l of p.output)
    if (!sizes.has(l)) throw new OpError(`Einsum: output label ${l} is not in any input`);
  return sizes;
}

/** Strides of `term`'s operand per label (summed for repeated labels: a diagonal; 0 when broadcast). */
function labelStrides(term: Term, dims: number[], labels: string[]): number[] {
  const st = stridesOf(dims);
  return labels.map((l) =>
    term.reduce((acc, t, j) => (t === l && dims[j] !== 1 ? acc + st[j]! : acc), 0),
  );
}

function generic(rt: Runtime, p: Parsed, vals: Value[]): Value {
  const sizes = labelSizes(
    p,
    vals.map((v) => v.dims),
  );
  const labels = [...p.output, ...[...sizes.keys()].filter((l) => !p.output.includes(l))];
  const extent = labels.map((l) => sizes.get(l)!);
  const outDims = p.output.map((l) => sizes.get(l)!);
  const out = rt.alloc(vals[0]!.dtype, outDims);
  const acc = new Float64Array(numel(outDims));
  const data = vals.map(nums);
  const strides = vals.map((v, i) => labelStrides(p.inputs[i]!, v.dims, labels));
  const outStrides = labelStrides(p.output, outDims, labels);
  const total = numel(extent);
  const idx = new Array<number>(labels.length).fill(0);
  const off = new Array<number>(vals.length).fill(0);
  let o = 0;
  for (let n = 0; n < total; n++) {
    let prod = 1;
    for (let i = 0; i < data.length; i++) prod *= data[i]![off[i]!]!;
    acc[o]! += prod;
    for (let k = labels.length - 1; k >= 0; k--) {
      idx[k]!++;
      for (let i = 0; i < off.length; i++) off[i]! += strides[i]![k]!;
      o += outStrides[k]!;
      if (idx[k]! < extent[k]!) break;
      for (let i = 0; i < off.length; i++) off[i]! -= strides[i]![k]! * extent[k]!;
      o -= outStrides[k]! * extent[k]!;
      idx[k] = 0;
    }
  }
  const O = out.data as NumArray;
  const fix = narrower(out.dtype);
  for (let i = 0; i < O.length; i++) O[i] = fix ? fix(acc[i]!) : acc[i]!;
  return out;
}

/** The labels of a matrix-product-shaped contraction, or undefined when it is not one. */
interface Product {
  batch: string[];
  m: string[];
  k: string[];
  n: string[];
}

function productOf(p: Parsed): Product | undefined {
  if (p.inputs.length !== 2) return undefined;
  const [a, b] = p.inputs as [Term, Term];
  const out = new Set(p.output);
  if (new Set(a).size !== a.length || new Set(b).size !== b.length) return undefined;
  const inB = new Set(b),
    inA = new Set(a);
  // A label only one side has and the output lacks is a plain sum: the generic loop's job.
  if (a.some((l) => !inB.has(l) && !out.has(l)) || b.some((l) => !inA.has(l) && !out.has(l)))
    return undefined;
  return {
    batch: p.output.filter((l) => inA.has(l) && inB.has(l)),
    m: a.filter((l) => out.has(l) && !inB.has(l)),
    k: a.filter((l) => !out.has(l)),
    n: p.output.filter((l) => inB.has(l) && !inA.has(l)),
  };
}

/** v permuted so its labels come in `order` (a copy, or v itself when already in order). */
function permuted(rt: Runtime, v: Value, term: Term, order: string[]): Value {
  return permute(
    rt,
    v,
    order.map((l) => term.indexOf(l)),
  );
}

const size = (dims: Map<string, number>, ls: string[]): number =>
  ls.reduce((a, l) => a * dims.get(l)!, 1);

function dimsOf(term: Term, v: { dims: number[] }): Map<string, number> {
  return new Map(term.map((l, j) => [l, v.dims[j]!]));
}

/** A constant operand: permuted to [K, N] at load and packed by the MatMul op. */
function packedProduct(
  env: PrepareEnv,
  p: Parsed,
  pr: Product,
  runtimeAt: 0 | 1,
  w: Value,
): Prepared {
  const aTerm = p.inputs[runtimeAt]!,
    wTerm = p.inputs[1 - runtimeAt]!;
  const aName = env.node.inputs[runtimeAt]!;
  // Seen from the run-time operand: its free labels are M, the weight's are N.
  const m = runtimeAt === 0 ? pr.m : pr.n;
  const n = runtimeAt === 0 ? pr.n : pr.m;
  const wDims = dimsOf(wTerm, w);
  const wOrder = [...pr.k, ...n];
  const perm = wOrder.map((l) => wTerm.indexOf(l));
  const src = stridesOf(w.dims);
  const W = nums(w);
  const K = size(wDims, pr.k),
    N = size(wDims, n);
  const packedW = new Float32Array(K * N);
  const pd = perm.map((q) => w.dims[q]!);
  const ps = perm.map((q) => src[q]!);
  const idx = new Array<number>(pd.length).fill(0);
  for (let i = 0; i < packedW.length; i++) {
    let at = 0;
    for (let d = 0; d < idx.length; d++) at += idx[d]! * ps[d]!;
    packedW[i] = W[at]!;
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < pd[d]!) break;
      idx[d] = 0;
    }
  }
  const mm = matmulOp(env, [aName, ''], heapValue('float32', [K, N], packedW));
  const resultTerm = [...m, ...n];
  return {
    kernel: mm.kernel,
    run(rt, [x]) {
      const a = need(x, 'operand');
      const aDims = dimsOf(aTerm, a);
      const ap = permuted(rt, a, aTerm, [...m, ...pr.k]);
      const flat = rt.alias(ap, [size(aDims, m), K]);
      const [y] = mm.run(rt, [flat]);
      if (ap !== a) rt.drop(ap);
      const shaped = rt.alias(y!, [...m.map((l) => aDims.get(l)!), ...n.map((l) => wDims.get(l)!)]);
      const out = permuted(rt, shaped, resultTerm, p.output);
      if (out !== shaped) rt.drop(y!);
      return [out];
    },
  };
}

/** Both operands at run time: [batch, M, K] · [batch, K, N] on the run-time product kernel. */
function runtimeProduct(env: PrepareEnv, p: Parsed, pr: Product): Prepared {
  const mm = matmulOp(env, ['', '']);
  const [aTerm, bTerm] = p.inputs as [Term, Term];
  const resultTerm = [...pr.batch, ...pr.m, ...pr.n];
  return {
    kernel: mm.kernel,
    run(rt, [x, y]) {
      const a = need(x, 'operand 0'),
        b = need(y, 'operand 1');
      const ad = dimsOf(aTerm, a),
        bd = dimsOf(bTerm, b);
      const B = size(ad, pr.batch);
      if (B !== size(bd, pr.batch) || size(ad, pr.k) !== size(bd, pr.k))
        throw new OpError('Einsum: operand sizes differ on shared labels');
      const ap = permuted(rt, a, aTerm, [...pr.batch, ...pr.m, ...pr.k]);
      const bp = permuted(rt, b, bTerm, [...pr.batch, ...pr.k, ...pr.n]);
      const M = size(ad, pr.m),
        K = size(ad, pr.k),
        N = size(bd, pr.n);
      const [prod] = mm.run(rt, [rt.alias(ap, [B, M, K]), rt.alias(bp, [B, K, N])]);
      if (ap !== a) rt.drop(ap);
      if (bp !== b) rt.drop(bp);
      const dims = [
        ...pr.batch.map((l) => ad.get(l)!),
        ...pr.m.map((l) => ad.get(l)!),
        ...pr.n.map((l) => bd.get(l)!),
      ];
      const shaped = rt.alias(prod!, dims);
      const out = permuted(rt, shaped, resultTerm, p.output);
      if (out !== shaped) rt.drop(prod!);
      return [out];
    },
  };
}

/**
 * Without an ellipsis the operand ranks follow from the equation, so the plan (and any weight
 * packing) is made at load; with one it is made per combination of operand ranks at run time.
 */
const einsum: OpFactory = (env): Prepared => {
  const equation = attrString(env.node, 'equation', '');
  const terms = equation.replace(/\s+/g, '').split('->')[0]!.split(',');
  if (!equation.includes('...'))
    return planFor(
      env,
      equation,
      terms.map((t) => t.length),
    );
  const plans = new Map<string, Prepared>();
  return {
    run(rt, inputs) {
      const vals = inputs.map((v, i) => need(v, `operand ${i}`));
      const ranks = vals.map((v) => v.dims.length);
      let plan = plans.get(ranks.join(','));
      if (!plan) plans.set(ranks.join(','), (plan = planFor(env, equation, ranks)));
      return plan.run(rt, vals);
    },
  };
};

/** The plan for one combination of operand ranks; float32 products take the MatMul kernels. */
function planFor(env: PrepareEnv, equation: string, ranks: number[]): Prepared {
  const p = parse(equation, ranks);
  const loop: Prepared = {
    run: (rt, xs) => [
      generic(
        rt,
        p,
        xs.map((x, i) => need(x, `operand ${i}`)),
      ),
    ],
  };
  const pr = productOf(p);
  if (!pr || pr.k.length === 0) return loop;
  const w = env.node.inputs.map((n) => (n ? env.constant(n) : undefined));
  const at = w[1] && !w[0] ? 0 : w[0] && !w[1] ? 1 : -1;
  const f32 = (xs: (Value | undefined)[]): boolean => xs.every((x) => x?.dtype === 'float32');
  if (at >= 0 && pr.batch.length === 0 && w[1 - at]!.dtype === 'float32') {
    const packed = packedProduct(env, p, pr, at as 0 | 1, w[1 - at]!);
    const runtimeName = env.node.inputs[at]!;
    return {
      kernel: packed.kernel,
      reads: [runtimeName],
      run: (rt, [x]) =>
        f32([x]) ? packed.run(rt, [x]) : loop.run(rt, at === 0 ? [x, w[1]] : [w[0], x]),
    };
  }
  const product = runtimeProduct(env, p, pr);
  return { ...product, run: (rt, xs) => (f32(xs) ? product : loop).run(rt, xs) };
}

export const EINSUM_OPS: Record<string, OpFactory> = { Einsum: einsum };
