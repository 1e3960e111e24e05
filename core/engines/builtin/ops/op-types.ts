import type { Node } from '../../../model/graph';
import type { KernelInfo } from '../kernel-info';
import type { Runtime } from '../runtime';
import type { Value } from '../values';

/** What an op sees while it is prepared at load time. */
export interface PrepareEnv {
  node: Node;
  /** ai.onnx opset of the model. */
  opset: number;
  /** A constant (initializer or folded value) by name. */
  constant(name: string): Value | undefined;
  /** The node producing a value, if any. */
  producer(name: string): Node | undefined;
  /** Nodes reading a value. */
  consumers(name: string): Node[];
  /** Whether a value is a graph output (must stay materialised). */
  isGraphOutput(name: string): boolean;
  sparseRate: number | null;
  note(text: string): void;
  rt: Runtime;
  /** For a fused node: the model's nodes it replaced, in an order they can run in. */
  fusedFrom?(node: Node): Node[];
  /** Prepare another node in this context (a fused op's fallback path). */
  prepare?(node: Node): Prepared;
}

/** Runs one node: inputs in node order ('' or unread → undefined), outputs in node order. */
export type Runner = (rt: Runtime, inputs: (Value | undefined)[]) => Value[];

export interface Prepared {
  run: Runner;
  /** The kernel this node runs on, when the op chose one (else the planner names its family). */
  kernel?: KernelInfo;
  /**
   * The value names this node reads at run time, when not simply node.inputs: a MatMul with
   * a packed weight no longer reads the weight, a QDQ MatMul reads the quantized activation
   * behind a DequantizeLinear — which lets that DequantizeLinear drop out of the plan.
   */
  reads?: string[];
}

export type OpFactory = (env: PrepareEnv) => Prepared;
