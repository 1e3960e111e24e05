import type { Dim, DType, ModelFormat } from './names';

/** What `sparsescope info` reports about a model; plain JSON. */
export interface ModelInfo {
  /** Version of this record's layout. */
  version: 1;
  file: string | null;
  format: ModelFormat;
  producer: string;
  producerVersion: string;
  irVersion: number;
  opsets: Record<string, number>;
  metadata: Record<string, string>;
  inputs: { name: string; dtype: DType | null; shape: Dim[] | null }[];
  outputs: { name: string; dtype: DType | null; shape: Dim[] | null }[];
  /** Nodes of the main graph; subgraph nodes (If/Loop bodies) are counted apart. */
  nodeCount: number;
  subgraphNodeCount: number;
  /** op type (domain-qualified outside ai.onnx) → node count, most frequent first. */
  opHistogram: Record<string, number>;
  parameters: { tensors: number; count: number; bytes: number };
  linearWeights: LinearWeightInfo[];
  /** Element-weighted sparsity over all linear weights (0 when there are none). */
  linearSparsity: number;
  flops: FlopsInfo;
}

export interface LinearWeightInfo {
  node: string;
  opType: string;
  /** Initializer (or Constant output) holding the weight. */
  weight: string;
  dtype: DType;
  shape: number[];
  elements: number;
  sparsity: number;
  /** True when the weight reaches the op through DequantizeLinear or is an integer matmul's. */
  quantized: boolean;
}

export interface FlopsInfo {
  batch: number;
  seq: number;
  /** 2·M·K·N summed over MatMul-like nodes with a constant weight. */
  linear: number;
  /** 2·M·K·N summed over MatMuls of two activations (attention scores and context). */
  attention: number;
  total: number;
  countedNodes: number;
  /** MatMul-like nodes whose shapes could not be derived, so they are not in the total. */
  uncounted: string[];
  /** What the figure includes, in words. */
  note: string;
}
