import { UserError } from '../../api/errors';
import type { GraphModel, Node, Tensor } from '../../model/graph';
import { tensorFromArray, tensorFromBytes } from '../../model/tensor';
import { fuseMatMulBias } from './bias-fusion';
import { fuseGelu } from './fusion';
import { shapeDerivedSteps } from './shape-derived';
import type { PrepareEnv, Runner } from './ops/op-types';
import { OpError } from './ops/op-util';
import { OP_FACTORIES } from './ops/registry';
import type { Runtime } from './runtime';
import { SUPPORTED_DTYPES, valueFromTensor, type Value } from './values';

/** One node ready to run: what it reads (in input order, '' = nothing) and writes. */
export interface Step {
  node: Node;
  run: Runner;
  reads: string[];
  outputs: string[];
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

export function nodeLabel(node: Node): string {
  return `node "${node.name || node.outputs[0] || node.id}" (${node.domain ? node.domain + '.' : ''}${node.opType})`;
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

/** Fail with ONE message naming every unsupported op type and the nodes using it. */
export function checkSupported(model: GraphModel): void {
  const missing = new Map<string, string[]>();
  for (const node of model.graph.nodes) {
    const known = (node.domain === '' || node.domain === 'ai.onnx') && node.opType in OP_FACTORIES;
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

/** Nodes in an order where every input is produced first. */
function topoOrder(model: GraphModel): Node[] {
  const g = model.graph;
  const ready = new Set<string>(['', ...g.inputs.map((i) => i.name), ...g.initializers.keys()]);
  const pending = [...g.nodes];
  const order: Node[] = [];
  while (pending.length) {
    const before = pending.length;
    for (let i = 0; i < pending.length;) {
      const n = pending[i]!;
      if (n.inputs.every((x) => ready.has(x))) {
        order.push(n);
        n.outputs.forEach((o) => ready.add(o));
        pending.splice(i, 1);
      } else i++;
    }
    if (pending.length === before) {
      const n = pending[0]!;
      const missing = n.inputs.filter((x) => !ready.has(x));
      throw new UserError(
        'BadModel',
        `${nodeLabel(n)} reads ${missing.map((m) => `"${m}"`).join(', ')}, which no node, input or initializer provides (or the graph has a cycle).`,
      );
    }
  }
  return order;
}

/** Nodes that must not be folded at load even with constant inputs. */
function keepUnfolded(node: Node, consumers: Map<string, Node[]>): boolean {
  // A DequantizeLinear of a constant weight feeding only MatMuls stays: the MatMul packs the
  // int8 weight itself; folding would materialise an fp32 copy.
  if (node.opType !== 'DequantizeLinear') return false;
  const users = consumers.get(node.outputs[0]!) ?? [];
  return users.length > 0 && users.every((u) => u.opType === 'MatMul' || u.opType === 'Gemm');
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

export interface PlanOptions {
  sparseRate: number | null;
  notes: string[];
}

export function buildPlan(original: GraphModel, rt: Runtime, opts: PlanOptions): Plan {
  checkSupported(original);
  const gelu = fuseGelu(original);
  if (gelu.fused)
    opts.notes.push(
      `fused ${gelu.fused} GELU subgraph${gelu.fused > 1 ? 's' : ''} (Div/Erf/Add/Mul/Mul → one Gelu kernel)`,
    );
  const bias = fuseMatMulBias(original, gelu.nodes);
  if (bias.fused)
    opts.notes.push(
      `fused ${bias.fused} bias Add${bias.fused > 1 ? 's' : ''} into their MatMul kernels`,
    );
  const model: GraphModel = {
    ...original,
    graph: { ...original.graph, nodes: bias.nodes.map(detached) },
  };
  const g = model.graph;
  const opset = model.opsets[''] ?? model.opsets['ai.onnx'] ?? 21;
  const order = topoOrder(model);
  const producer = new Map<string, Node>();
  const consumers = new Map<string, Node[]>();
  for (const n of order) {
    n.outputs.forEach((o) => o && producer.set(o, n));
    for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  }
  const outputNames = new Set(g.outputs.map((o) => o.name));
  const inputNames = new Set(g.inputs.map((i) => i.name));
  const constants = new Map<string, Value>();
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of g.initializers) if (!inputNames.has(name)) tensors.set(name, t);
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
  const isConst = (name: string): boolean =>
    name === '' || constants.has(name) || tensors.has(name);

  const steps: Step[] = [];
  for (const node of order) {
    const env: PrepareEnv = {
      node,
      opset,
      constant,
      producer: (name) => producer.get(name),
      consumers: (name) => consumers.get(name) ?? [],
      isGraphOutput: (name) => outputNames.has(name),
      sparseRate: opts.sparseRate,
      note: (text) => opts.notes.push(text),
      rt,
    };
    const fold = node.inputs.every(isConst) && !keepUnfolded(node, consumers);
    let prepared;
    try {
      prepared = OP_FACTORIES[node.opType]!(fold ? { ...env, note: () => {} } : env);
      if (fold) {
        const outs = prepared.run(
          rt,
          node.inputs.map((i) => (i ? constant(i) : undefined)),
        );
        rt.endNode();
        node.outputs.forEach((name, i) => {
          const v = outs[i];
          if (!name || !v) return;
          rt.pin(v);
          constants.set(name, v);
        });
        continue;
      }
    } catch (err) {
      throw wrapNodeError(node, err, 'load');
    }
    steps.push({
      node,
      run: prepared.run,
      reads: prepared.reads ?? node.inputs,
      outputs: node.outputs,
    });
  }

  // Keep only steps whose outputs are needed (packed MatMuls stop reading their weight DQ).
  const needed = new Set(outputNames);
  const live: Step[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (!s.outputs.some((o) => needed.has(o))) continue;
    live.unshift(s);
    for (const r of s.reads) if (r) needed.add(r);
  }
  const uses = new Map<string, number>();
  const runtimeConstants = new Map<string, Value>();
  for (const s of live) {
    for (const r of s.reads) {
      if (!r) continue;
      const c = constants.get(r) ?? (tensors.has(r) ? constant(r) : undefined);
      if (c) runtimeConstants.set(r, c);
      else uses.set(r, (uses.get(r) ?? 0) + 1);
    }
  }
  for (const o of outputNames) {
    const c = constants.get(o) ?? (tensors.has(o) ? constant(o) : undefined);
    if (c) runtimeConstants.set(o, c);
    else uses.set(o, (uses.get(o) ?? 0) + 1);
  }
  const shapeOnly = shapeDerivedSteps(
    live,
    g.inputs.map((i) => i.name),
    (n) => constants.has(n) || tensors.has(n),
  );
  const cached = shapeOnly.filter(Boolean).length;
  if (cached)
    opts.notes.push(
      `${cached} shape-only node${cached > 1 ? 's' : ''} computed once per input-shape signature`,
    );
  // Op runners keep their PrepareEnv; drop what it reaches so decoded weights (now packed in
  // wasm memory) and the model file's bytes can be collected.
  tensors.clear();
  constants.clear();
  return { steps: live, constants: runtimeConstants, uses, shapeOnly };
}
