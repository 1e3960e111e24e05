import { UserError } from '../../api/errors';
import type { GraphModel, Node, Tensor } from '../../model/graph';
import { tensorFromArray, tensorFromBytes } from '../../model/tensor';
import { nodeName } from './fusion-util';
import { rewriteGraph } from './graph-rewrites';
import type { KernelInfo } from './kernel-info';
import { BUILTIN_DOMAIN } from './ops/internal';
import type { OpFactory, PrepareEnv, Runner } from './ops/op-types';
import { OpError } from './ops/op-util';
import { INTERNAL_OPS, modelOpFactory, opFamily } from './ops/registry';
import type { Runtime } from './runtime';
import { shapeDerivedSteps } from './shape-derived';
import { nodeLabel, runOrder } from './topo-order';
import { SUPPORTED_DTYPES, valueFromTensor, type Value } from './values';

export { nodeLabel };

/** One node ready to run: what it reads (in input order, '' = nothing) and writes. */
export interface Step {
  node: Node;
  run: Runner;
  reads: string[];
  outputs: string[];
  /** The op type profiles report: MatMul for fused products, Attention for fused attention. */
  opType: string;
  /** The model's nodes this step computes: itself, or every node a fusion folded into it. */
  originalNames: string[];
  /** The kernel it runs (precision '' until a profiled run sees its output type). */
  kernel: KernelInfo;
}

export interface Plan {
  steps: Step[];
  /** Constants read at run time (initializers, Constant nodes, folded subgraphs). */
  constants: Map<string, Value>;
  /** Run-time reads of each value, plus one for graph outputs (so they survive the run). */
  uses: Map<string, number>;
  /** Per step: its outputs depend on the input shapes only (cacheable per shape signature). */
  shapeOnly: boolean[];
}

export interface PlanOptions {
  sparseRate: number | null;
  notes: string[];
}

/** Errors inside an op become UserErrors naming the node; wasm traps never leak raw. */
export function wrapNodeError(node: Node, err: unknown, when: 'load' | 'run'): UserError {
  if (err instanceof UserError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof OpError)
    return new UserError(when === 'load' ? 'BadModel' : 'RunFailed', `${nodeLabel(node)}: ${msg}`);
  if (err instanceof WebAssembly.RuntimeError || err instanceof RangeError) {
    return new UserError(
      'RunFailed',
      `${nodeLabel(node)} failed inside the builtin engine's WebAssembly kernels (${msg}).`,
      'The tensors reaching this node are inconsistent with what it expects, or the engine has a bug; the ort engine may run this model.',
    );
  }
  return new UserError(
    'RunFailed',
    `${nodeLabel(node)}: ${msg}`,
    err instanceof Error ? err.stack : undefined,
  );
}

/** Phase 1. Fail with ONE message naming every unsupported op type and the nodes using it. */
export function checkSupported(model: GraphModel): void {
  const missing = new Map<string, string[]>();
  for (const node of model.graph.nodes) {
    const known = modelOpFactory(node.domain, node.opType) !== undefined;
    if (known) continue;
    const key =
      node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    const list = missing.get(key) ?? [];
    list.push(node.name || node.outputs[0] || node.id);
    missing.set(key, list);
  }
  const badTypes = [...model.graph.inputs, ...model.graph.outputs].filter(
    (v) => v.dtype === null || !SUPPORTED_DTYPES.has(v.dtype),
  );
  if (badTypes.length) {
    throw new UserError(
      'UnsupportedModel',
      `The builtin engine does not support the type of ${badTypes.map((v) => `"${v.name}" (${v.dtype ?? 'not a tensor'})`).join(', ')}.`,
      `Supported element types: ${[...SUPPORTED_DTYPES].join(', ')}; sequences, maps and optionals are not supported.`,
    );
  }
  if (missing.size === 0) return;
  const parts = [...missing].map(([op, nodes]) => {
    const shown = nodes
      .slice(0, 5)
      .map((n) => `"${n}"`)
      .join(', ');
    return `${op} (${nodes.length} node${nodes.length > 1 ? 's' : ''}: ${shown}${nodes.length > 5 ? ', …' : ''})`;
  });
  throw new UserError(
    'UnsupportedModel',
    `The builtin engine does not support ${missing.size} op type${missing.size > 1 ? 's' : ''} in this model: ${parts.join('; ')}.`,
    'Run it with the ort engine instead (--engine ort).',
  );
}

/**
 * The node with tensor attributes copied: runners keep their node, and a tensor attribute
 * is a view whose buffer is the whole model file.
 */
function detached(node: Node): Node {
  const entries = Object.entries(node.attributes);
  if (!entries.some(([, a]) => a.type === 'tensor')) return node;
  const attributes: Node['attributes'] = {};
  for (const [k, a] of entries) {
    if (a.type !== 'tensor') attributes[k] = a;
    else {
      const t = a.value;
      const strings = t.strings?.();
      attributes[k] = {
        type: 'tensor',
        value: strings
          ? tensorFromArray(t.name, t.dtype, [...t.dims], strings)
          : tensorFromBytes(t.name, t.dtype, [...t.dims], t.bytes().slice()),
      };
    }
  }
  return { ...node, attributes };
}

/** What the phases share: the rewritten graph's lookups and its constants. */
interface PlanContext {
  model: GraphModel;
  opset: number;
  producer: Map<string, Node>;
  consumers: Map<string, Node[]>;
  outputNames: Set<string>;
  /** Initializers not yet decoded; decoded on first use into `constants`. */
  tensors: Map<string, Tensor>;
  constants: Map<string, Value>;
  constant(name: string): Value | undefined;
  isConst(name: string): boolean;
  rt: Runtime;
  opts: PlanOptions;
  /** Fused node → the nodes it replaced. */
  parts: Map<Node, Node[]>;
}

function planContext(
  model: GraphModel,
  order: Node[],
  rt: Runtime,
  opts: PlanOptions,
  parts: Map<Node, Node[]>,
): PlanContext {
  const g = model.graph;
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const n of order) {
    n.outputs.forEach((o) => o && producer.set(o, n));
    for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  const inputNames = new Set(g.inputs.map((i) => i.name));
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of g.initializers) if (!inputNames.has(name)) tensors.set(name, t);
  const constants = new Map<string, Value>();
  const constant = (name: string): Value | undefined => {
    const have = constants.get(name);
    if (have) return have;
    const t = tensors.get(name);
    if (!t) return undefined;
    let v: Value;
    try {
      v = valueFromTensor(t);
    } catch (err) {
      throw new UserError('BadModel', `initializer "${name}": ${(err as Error).message}`);
    }
    constants.set(name, v);
    return v;
  };
  return {
    model,
    opset: model.opsets[''] ?? model.opsets['ai.onnx'] ?? 21,
    producer,
    consumers,
    outputNames: new Set(g.outputs.map((o) => o.name)),
    tensors,
    constants,
    constant,
    isConst: (name) => name === '' || constants.has(name) || tensors.has(name),
    rt,
    opts,
    parts,
  };
}

function factoryFor(node: Node): OpFactory {
  return node.domain === BUILTIN_DOMAIN
    ? INTERNAL_OPS[node.opType]!
    : modelOpFactory(node.domain, node.opType)!;
}

/** Parts of a fusion in an order they can run in (each after the parts it reads). */
function runnable(parts: Node[]): Node[] {
  const made = new Map<string, Node>();
  for (const p of parts) for (const o of p.outputs) if (o) made.set(o, p);
  const done = new Set<Node>();
  const order: Node[] = [];
  const visit = (n: Node): void => {
    if (done.has(n)) return;
    done.add(n);
    for (const i of n.inputs) {
      const p = made.get(i);
      if (p) visit(p);
    }
    order.push(n);
  };
  parts.forEach(visit);
  return order;
}

function envFor(node: Node, ctx: PlanContext, muted: boolean): PrepareEnv {
  return {
    fusedFrom: (n) => runnable(ctx.parts.get(n) ?? []),
    prepare: (n) => factoryFor(n)(envFor(n, ctx, true)),
    node,
    opset: ctx.opset,
    constant: ctx.constant,
    producer: (name) => ctx.producer.get(name),
    consumers: (name) => ctx.consumers.get(name) ?? [],
    isGraphOutput: (name) => ctx.outputNames.has(name),
    sparseRate: ctx.opts.sparseRate,
    note: muted ? () => {} : (text) => ctx.opts.notes.push(text),
    rt: ctx.rt,
  };
}

/** Nodes that must not be folded at load even with constant inputs. */
function keepUnfolded(node: Node, consumers: Map<string, Node[]>): boolean {
  // A DequantizeLinear of a constant weight feeding only MatMuls stays: the MatMul packs the
  // int8 weight itself; folding would materialise an fp32 copy.
  if (node.opType !== 'DequantizeLinear') return false;
  const users = consumers.get(node.outputs[0]!) ?? [];
  const product = (u: Node): boolean =>
    u.opType === 'MatMul' || u.opType === 'Gemm' || u.opType === 'FusedMatMul';
  return users.length > 0 && users.every(product);
}

/**
 * Phase 3. Constant folding: every node whose inputs are all constants runs once now and
 * its outputs become constants. Returns the nodes left to run.
 */
function foldConstants(order: Node[], ctx: PlanContext): Node[] {
  const left: Node[] = [];
  for (const node of order) {
    if (!node.inputs.every(ctx.isConst) || keepUnfolded(node, ctx.consumers)) {
      left.push(node);
      continue;
    }
    try {
      const prepared = factoryFor(node)(envFor(node, ctx, true));
      const outs = prepared.run(
        ctx.rt,
        node.inputs.map((i) => (i ? ctx.constant(i) : undefined)),
      );
      ctx.rt.endNode();
      node.outputs.forEach((name, i) => {
        const v = outs[i];
        if (!name || !v) return;
        ctx.rt.pin(v);
        ctx.constants.set(name, v);
      });
    } catch (err) {
      throw wrapNodeError(node, err, 'load');
    }
  }
  return left;
}

/** The op type a step reports (fused internal ops by the op they compute). */
function reportedOpType(node: Node): string {
  if (node.domain !== BUILTIN_DOMAIN) return node.opType;
  return node.opType === 'FusedAttention' ? 'Attention' : 'MatMul';
}

/** Ops that run the tier's GELU kernel (the builtin's fused Gelu and the contrib ones). */
const GELU_OPS = new Set(['Gelu', 'BiasGelu', 'FastGelu']);

/** A step's kernel when its op did not name one: the op family, on the tier that runs it. */
function familyKernel(node: Node, rt: Runtime): KernelInfo {
  const impl = opFamily(node.domain, node.opType);
  const wasm = rt.relaxed ? 'wasm-relaxed' : 'wasm';
  const onTier =
    impl === 'normalization' ||
    GELU_OPS.has(node.opType) ||
    node.opType === 'QuantizeLinear' ||
    node.opType === 'DynamicQuantizeLinear';
  return { impl, precision: '', tier: impl === 'shape' ? 'js' : onTier ? rt.tier.id : wasm };
}

/** Phase 4. Op preparation: each remaining node gets its runner (weights packed now). */
function prepareSteps(nodes: Node[], ctx: PlanContext, origins: Map<Node, string[]>): Step[] {
  return nodes.map((node) => {
    let prepared;
    try {
      prepared = factoryFor(node)(envFor(node, ctx, false));
    } catch (err) {
      throw wrapNodeError(node, err, 'load');
    }
    return {
      node,
      run: prepared.run,
      reads: prepared.reads ?? node.inputs,
      outputs: node.outputs,
      opType: reportedOpType(node),
      originalNames: origins.get(node) ?? [nodeName(node)],
      kernel: prepared.kernel ?? familyKernel(node, ctx.rt),
    };
  });
}

/** Phase 5. Dead-node removal: keep steps whose outputs are needed (packed MatMuls stop reading their weight DQ). */
function removeDeadSteps(steps: Step[], outputs: Set<string>): Step[] {
  const needed = new Set(outputs);
  const live: Step[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (!s.outputs.some((o) => needed.has(o))) continue;
    live.unshift(s);
    for (const r of s.reads) if (r) needed.add(r);
  }
  return live;
}

/** Phase 6. Use counts of run-time values, and the constants the live steps read. */
function countUses(
  live: Step[],
  ctx: PlanContext,
): { uses: Map<string, number>; constants: Map<string, Value> } {
  const uses = new Map<string, number>();
  const constants = new Map<string, Value>();
  const count = (name: string): void => {
    const c = ctx.constants.get(name) ?? (ctx.tensors.has(name) ? ctx.constant(name) : undefined);
    if (c) constants.set(name, c);
    else uses.set(name, (uses.get(name) ?? 0) + 1);
  };
  for (const s of live) for (const r of s.reads) if (r) count(r);
  for (const o of ctx.outputNames) count(o);
  return { uses, constants };
}

/**
 * The plan: unsupported-op check, graph rewrites (fusions), topological order, constant
 * folding, op preparation (weight packing), dead-node removal, use counts — then the steps
 * whose outputs only depend on input shapes are marked for caching.
 */
export function buildPlan(original: GraphModel, rt: Runtime, opts: PlanOptions): Plan {
  checkSupported(original);
  const rewritten = rewriteGraph(original, opts.notes);
  const origins = new Map<Node, string[]>();
  const parts = new Map<Node, Node[]>();
  const nodes = rewritten.nodes.map((n) => {
    const d = detached(n);
    const o = rewritten.origins.get(n);
    if (o) origins.set(d, o);
    const p = rewritten.parts.get(n);
    if (p) parts.set(d, p.map(detached));
    return d;
  });
  const model: GraphModel = { ...original, graph: { ...original.graph, nodes } };
  const order = runOrder(model, nodes);
  const ctx = planContext(model, order, rt, opts, parts);
  const steps = prepareSteps(foldConstants(order, ctx), ctx, origins);
  const live = removeDeadSteps(steps, ctx.outputNames);
  const { uses, constants } = countUses(live, ctx);
  const shapeOnly = shapeDerivedSteps(
    live,
    model.graph.inputs.map((i) => i.name),
    (n) => ctx.constants.has(n) || ctx.tensors.has(n),
  );
  const cached = shapeOnly.filter(Boolean).length;
  if (cached)
    opts.notes.push(
      `${cached} shape-only node${cached > 1 ? 's' : ''} computed once per input-shape signature`,
    );
  // Op runners keep their PrepareEnv; drop what it reaches so decoded weights (now packed in
  // wasm memory) and the model file's bytes can be collected.
  ctx.tensors.clear();
  ctx.constants.clear();
  return { steps: live, constants, uses, shapeOnly };
}
