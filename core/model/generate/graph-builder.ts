import type { Attribute, DType, GraphModel, Node, Tensor, ValueInfo } from '../graph';
import { tensorFromBytes } from '../tensor';

/** Typed arrays whose element type matches the dtype given alongside (no conversion). */
type TensorData = Float32Array | Int8Array | Uint8Array | Int32Array | BigInt64Array;

/** Shorthands for node attributes. */
export const attr = {
  int: (value: number): Attribute => ({ type: 'int', value }),
  float: (value: number): Attribute => ({ type: 'float', value }),
  ints: (value: number[]): Attribute => ({ type: 'ints', value }),
};

/**
 * Builds an ONNX-shaped GraphModel in memory, in topological order, with unique value names
 * derived from a readable prefix (so profiles and the graph view show "layer3/attn/q" rather
 * than numbers).
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers = new Map<string, Tensor>();
  private readonly used = new Set<string>();

  /** A fresh value name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /**
   * Add a constant; returns its value name. The array's bytes are kept as they are (no copy:
   * a large model's weights would otherwise exist twice while it is written).
   */
  constant(name: string, dtype: DType, dims: number[], data: TensorData): string {
    const unique = this.fresh(name);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.set(unique, tensorFromBytes(unique, dtype, dims, bytes));
    return unique;
  }

  scalarF32(name: string, value: number): string {
    return this.constant(name, 'float32', [], new Float32Array([value]));
  }

  /** An int64 constant (shapes, axes, indices); `dims` defaults to a vector. */
  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    return this.constant(name, 'int64', dims, BigInt64Array.from(values.map(BigInt)));
  }

  /** LayerNormalization over the last axis with γ = 1, β = 0 (a freshly initialised model). */
  layerNorm(x: string, name: string, width: number, epsilon: number): string {
    return this.op(
      'LayerNormalization',
      `${name}/LayerNormalization`,
      [
        x,
        this.constant(`${name}.weight`, 'float32', [width], new Float32Array(width).fill(1)),
        this.constant(`${name}.bias`, 'float32', [width], new Float32Array(width)),
      ],
      { axis: attr.int(-1), epsilon: attr.float(epsilon) },
    );
  }

  /** Add a node with one output named after the node; returns that output. */
  op(
    opType: string,
    name: string,
    inputs: string[],
    attributes: Record<string, Attribute> = {},
  ): string {
    return this.opN(opType, name, inputs, 1, attributes)[0]!;
  }

  /** Add a node with `outputs` outputs; returns their names. */
  opN(
    opType: string,
    name: string,
    inputs: string[],
    outputs: number,
    attributes: Record<string, Attribute> = {},
  ): string[] {
    const id = this.fresh(name);
    const outs = Array.from({ length: outputs }, (_, i) =>
      this.fresh(outputs === 1 ? `${id}:0` : `${id}:${i}`),
    );
    this.nodes.push({ id, name: id, opType, domain: '', attributes, inputs, outputs: outs });
    return outs;
  }

  /** Reserve an externally fixed name (graph inputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`value name ${name} already used`);
    this.used.add(name);
    return name;
  }

  /** Rename the last node's output to a fixed name (graph outputs keep their public name). */
  renameOutput(from: string, to: string): void {
    this.reserve(to);
    for (const n of this.nodes) {
      n.outputs = n.outputs.map((o) => (o === from ? to : o));
      n.inputs = n.inputs.map((i) => (i === from ? to : i));
    }
  }

  build(parts: {
    name: string;
    inputs: ValueInfo[];
    outputs: ValueInfo[];
    metadata: Record<string, string>;
    producerVersion: string;
  }): GraphModel {
    return {
      format: 'onnx',
      path: null,
      producer: 'sparsescope',
      producerVersion: parts.producerVersion,
      irVersion: 8,
      opsets: { '': 17 },
      metadata: parts.metadata,
      graph: {
        name: parts.name,
        nodes: this.nodes,
        inputs: parts.inputs,
        outputs: parts.outputs,
        valueInfo: new Map(),
        initializers: this.initializers,
      },
    };
  }
}
