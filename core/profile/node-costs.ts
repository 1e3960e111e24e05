import type { TensorFact } from '../api/schemas/profile';
import type { DType, Graph, Node, Tensor } from '../model/graph';
import { propagateShapes, type ShapeBinding } from '../model/shape-propagation';
import { dtypeByteSize, elementCount } from '../model/tensor';
import { zeroFraction } from '../model/zero-fraction';

/**
 * FLOPs and bytes per node from shapes and dtypes (DESIGN.md, profiling): what turns a node's
 * time into GFLOP/s, GB/s and a roofline point. Counts are deliberately simple and stated:
 *
 * - matrix products (MatMul, Gemm, FusedMatMul, MatMulInteger, QLinearMatMul, FullyConnected):
 *   2·K per output element; a sparse kernel does 2·K·density (it skips the zeros);
 * - element-wise arithmetic: FLOPs per output element by op (Add 1, Gelu 8, Softmax 5,
 *   LayerNormalization 8 …, table below);
 * - data movement (Reshape, Transpose, Gather, Concat, Cast …): 0 FLOPs, only bytes;
 * - bytes = every input and output as stored (a sparse weight: its nonzeros and their indices).
 */

/** FLOPs per output element of element-wise and normalising ops. */
const PER_ELEMENT: Record<string, number> = {
  Add: 1,
  Sub: 1,
  Mul: 1,
  Div: 1,
  Pow: 1,
  Sqrt: 1,
  Neg: 1,
  Abs: 1,
  Relu: 1,
  Max: 1,
  Min: 1,
  Where: 1,
  Equal: 1,
  Less: 1,
  Greater: 1,
  Not: 1,
  And: 1,
  Or: 1,
  Erf: 8,
  Tanh: 8,
  Sigmoid: 4,
  Exp: 4,
  Log: 4,
  Gelu: 8,
  BiasGelu: 9,
  FastGelu: 8,
  Softmax: 5,
  LayerNormalization: 8,
  SkipLayerNormalization: 9,
  MVN: 6,
  Subgraph: 1,
  Eltwise: 1,
  Multiply: 1,
  ReduceMean: 1,
  ReduceSum: 1,
};

const MATMUL_OPS = new Set([
  'MatMul',
  'Gemm',
  'FusedMatMul',
  'MatMulInteger',
  'QLinearMatMul',
  'FullyConnected',
  'MatMulNBits',
  'DynamicQuantizeMatMul',
  'MatMulIntegerToFloat',
]);

/** FLOPs of one node from its input/output shapes; null when the shapes are not known. */
export function opFlops(
  opType: string,
  inputs: readonly (readonly number[] | null)[],
  outputs: readonly (readonly number[] | null)[],
  density = 1,
): number | null {
  const out = outputs[0];
  if (!out) return null;
  const n = elementCount(out);
  let flops: number;
  if (MATMUL_OPS.has(opType)) {
    const a = inputs[0];
    if (!a || a.length === 0) return null;
    // K is A's last dim (its first for a transposed A is rare enough to ignore here).
    flops = 2 * n * a[a.length - 1]! * density;
  } else flops = (PER_ELEMENT[opType] ?? 0) * n;
  // Shapes from a damaged file can multiply past any real tensor: not a count then.
  return Number.isSafeInteger(Math.round(flops)) ? flops : null;
}

/** Bytes of a tensor fact; null when its shape or type is unknown. */
export function factBytes(t: TensorFact): number | null {
  if (!t.shape || !t.dtype) return null;
  const size = dtypeSize(t.dtype);
  if (size === null) return null;
  const bytes = elementCount(t.shape) * size;
  return Number.isSafeInteger(Math.ceil(bytes)) ? bytes : null;
}

const ALIASES: Record<string, DType> = {
  float: 'float32',
  double: 'float64',
  f32: 'float32',
  fp32: 'float32',
  f16: 'float16',
  fp16: 'float16',
  bf16: 'bfloat16',
  i8: 'int8',
  u8: 'uint8',
  i32: 'int32',
  i64: 'int64',
  boolean: 'bool',
};

/** Bytes per element for ONNX, ORT and OpenVINO type spellings ("float", "f32", "I64" …). */
export function dtypeSize(name: string): number | null {
  const key = name.toLowerCase();
  const dtype = (ALIASES[key] ?? key) as DType;
  try {
    const size = dtypeByteSize(dtype);
    return Number.isFinite(size) && size > 0 ? size : null;
  } catch {
    return null;
  }
}

/** Sum of fact bytes, null when any is unknown. */
export function factsBytes(facts: readonly TensorFact[]): number | null {
  let total = 0;
  for (const f of facts) {
    const b = factBytes(f);
    if (b === null) return null;
    total += b;
  }
  return total;
}

/** Ops that read only the rows they pick from their first input (an embedding table). */
const GATHERS = new Set(['Gather', 'GatherElements', 'GatherND', 'Embedding']);

/**
 * Bytes a node moves: its inputs and outputs as stored, except that a gather reads as much
 * of its table as it writes (not the whole table).
 */
export function movedBytes(
  opType: string,
  inputs: readonly TensorFact[],
  outputs: readonly TensorFact[],
): number | null {
  if (GATHERS.has(opType) && inputs.length > 0 && outputs.length > 0)
    return factsBytes([outputs[0]!, ...inputs.slice(1), ...outputs]);
  return factsBytes([...inputs, ...outputs]);
}

export interface CostInput {
  opType: string;
  /** Original nodes covered (names in the model); [] = unknown. */
  originals: readonly string[];
  /** Value names read and written at run time. */
  inputs: readonly string[];
  outputs: readonly string[];
  /** The kernel's implementation (sparse kernels do work in proportion to nonzeros). */
  impl: string | null;
}

export interface Cost {
  flops: number | null;
  bytes: number | null;
  inputs: TensorFact[];
  outputs: TensorFact[];
}

/**
 * Costs of runtime nodes against the original model at given input shapes: FLOPs summed over
 * the original nodes each covers, bytes over what it reads and writes at run time plus the
 * constant weights its originals use (counted as stored: dense, or nonzeros + indices).
 */
export class ModelCosts {
  private readonly shapes: Map<string, number[]>;
  private readonly dtypes = new Map<string, string>();
  private readonly byName = new Map<string, Node>();
  private readonly producer = new Map<string, Node>();
  private readonly constants: Map<string, Tensor>;
  private readonly density = new Map<string, number>();

  constructor(graph: Graph, bind: ShapeBinding) {
    this.shapes = propagateShapes(graph, bind).shapes;
    this.constants = new Map(graph.initializers);
    for (const [name, t] of graph.initializers) {
      this.shapes.set(name, [...t.dims]);
      this.dtypes.set(name, t.dtype);
    }
    for (const v of [...graph.inputs, ...graph.outputs, ...graph.valueInfo.values()])
      if (v.dtype) this.dtypes.set(v.name, v.dtype);
    for (const n of graph.nodes) {
      this.byName.set(n.name || n.id, n);
      for (const o of n.outputs) if (o) this.producer.set(o, n);
    }
    // Element types the value_info leaves out: follow the op's first input (good for the
    // float chains of an encoder; shape ops are int64 and cheap either way).
    for (const n of graph.nodes) {
      const t = this.dtypeOf(n.inputs[0] ?? '') ?? 'float32';
      for (const o of n.outputs) if (o && !this.dtypes.has(o)) this.dtypes.set(o, outDtype(n, t));
    }
  }

  private dtypeOf(name: string): string | null {
    return this.dtypes.get(name) ?? null;
  }

  fact(name: string): TensorFact {
    return { dtype: this.dtypeOf(name), shape: this.shapes.get(name) ?? null };
  }

  /** Fraction of nonzeros of a constant (weights), through a DequantizeLinear. */
  private densityOf(name: string): number {
    const have = this.density.get(name);
    if (have !== undefined) return have;
    let t = this.constants.get(name);
    let zp = 0;
    if (!t) {
      const dq = this.producer.get(name);
      if (dq?.opType === 'DequantizeLinear') {
        t = this.constants.get(dq.inputs[0] ?? '');
        const z = this.constants.get(dq.inputs[2] ?? '');
        if (z && elementCount(z.dims) === 1) zp = Number(zeroScalar(z));
      }
    }
    const d = t ? 1 - zeroFraction(t, zp) : 1;
    this.density.set(name, d);
    return d;
  }

  /** The weight operand (B) of a matrix product node, when constant. */
  private weightOf(n: Node): string | null {
    const b = n.inputs[n.opType === 'QLinearMatMul' ? 3 : 1];
    if (!b) return null;
    if (this.constants.has(b)) return b;
    const dq = this.producer.get(b);
    return dq?.opType === 'DequantizeLinear' && this.constants.has(dq.inputs[0] ?? '') ? b : null;
  }

  cost(c: CostInput): Cost {
    const inputs = c.inputs.map((i) => this.fact(i));
    const outputs = c.outputs.map((o) => this.fact(o));
    const sparse = c.impl === 'sparse';
    const covered = c.originals.map((o) => this.byName.get(o)).filter((n): n is Node => !!n);
    let flops: number | null = 0;
    const weights = new Map<string, number>();
    if (covered.length) {
      for (const n of covered) {
        const w = MATMUL_OPS.has(n.opType) ? this.weightOf(n) : null;
        const f = opFlops(
          n.opType,
          n.inputs.map((i) => this.shapes.get(i) ?? null),
          n.outputs.map((o) => this.shapes.get(o) ?? null),
          sparse && w ? this.densityOf(w) : 1,
        );
        if (f === null) flops = null;
        else if (flops !== null) flops += f;
        // Constant operands are read from memory each run: weights, biases, gamma/beta.
        for (const i of n.inputs) {
          const src = this.constants.has(i)
            ? i
            : this.producer.get(i)?.opType === 'DequantizeLinear'
              ? this.producer.get(i)!.inputs[0]!
              : null;
          if (!src || c.inputs.includes(i) || !this.constants.has(src)) continue;
          const t = this.constants.get(src)!;
          const stored = elementCount(t.dims) * dtypeByteSize(t.dtype);
          // CSC: each nonzero is a value and a 4-byte index.
          weights.set(
            src,
            sparse && w === i
              ? elementCount(t.dims) * this.densityOf(i) * (dtypeByteSize(t.dtype) + 4)
              : stored,
          );
        }
      }
    } else {
      flops = opFlops(
        c.opType,
        inputs.map((f) => f.shape),
        outputs.map((f) => f.shape),
      );
    }
    const io = movedBytes(c.opType, inputs, outputs);
    let bytes: number | null = io;
    if (bytes !== null) for (const b of weights.values()) bytes += b;
    return { flops, bytes, inputs, outputs };
  }
}

function zeroScalar(t: Tensor): number {
  const bytes = t.bytes();
  if (t.dtype === 'int8') return (bytes[0]! << 24) >> 24;
  return bytes[0] ?? 0;
}

/** The element type of a node's outputs, given its first input's. */
function outDtype(n: Node, input: string): string {
  switch (n.opType) {
    case 'Shape':
    case 'Size':
    case 'NonZero':
    case 'ArgMax':
    case 'ArgMin':
      return 'int64';
    case 'Equal':
    case 'Less':
    case 'Greater':
    case 'Not':
    case 'And':
    case 'Or':
      return 'bool';
    case 'DequantizeLinear':
      return 'float32';
    case 'QuantizeLinear':
    case 'DynamicQuantizeLinear':
      return 'uint8';
    case 'MatMulInteger':
      return 'int32';
    case 'Cast': {
      const to = n.attributes.to;
      return to?.type === 'int' ? (CAST_TO[to.value] ?? input) : input;
    }
    case 'Gather':
      return input;
    default:
      return input;
  }
}

/** ONNX TensorProto.DataType codes Cast targets in encoders. */
const CAST_TO: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
};
