/**
 * Wire types of the Graph area (`graphView`, `weightStats` in contract.ts): what crosses a
 * transport of a model's graph. The graph model itself (core/model/graph.ts) holds lazy views
 * onto tensor bytes and cannot travel; this is its plain-JSON picture — nodes, value names,
 * attribute texts, constant shapes — from which core/views/graph-*.ts derive labels, groups,
 * the layout request and the drawing. Plain data only: the renderer imports this file.
 */
import type { ModelInfo } from './model-info';
import type { Dim, DType, GraphKind } from './names';

export type { GraphKind };

/** A value's element type and shape as far as they are known. */
export interface GraphViewValue {
  name: string;
  dtype: DType | null;
  /** null when the rank itself is unknown. */
  shape: Dim[] | null;
  /**
   * 'declared' = from the model file (graph inputs/outputs, value_info, IR ports);
   * 'inferred' = propagated by SparseScope at `GraphView.shapesAt` (files without value_info).
   */
  source: 'declared' | 'inferred';
}

/** A constant tensor (initializer, IR Const) by value name: what a node box shows of a weight. */
export interface GraphViewConstant {
  name: string;
  dtype: DType;
  shape: number[];
  /** Packed size in bytes (0 for strings). */
  bytes: number;
}

/** One attribute as people read it: `axis = -1`, `perm = [0, 2, 1, 3]`, `value = ⟨float32 768⟩`. */
export interface GraphViewAttribute {
  name: string;
  /** The graph model's attribute type (float, ints, tensor, graph …). */
  type: string;
  /** The value as short text (long lists are cut with "…"). */
  text: string;
}

export interface GraphViewNode {
  /** Unique within its graph. */
  id: string;
  name: string;
  opType: string;
  /** '' is ONNX's default domain. */
  domain: string;
  attributes: GraphViewAttribute[];
  /** Value names, in input order; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  /** Subgraphs held by graph attributes (If branches, Loop bodies, TensorIterator bodies). */
  subgraphs: { attribute: string; graph: string }[];
  /**
   * Runtime graphs only: the original model's node names this runtime node computes (a fusion
   * covers several; [] = a runtime-only node such as a layout reorder).
   */
  originals?: string[];
}

export interface GraphViewGraph {
  /** 'main', or the path of the node holding it: `main/If_3/then_branch`. */
  id: string;
  name: string;
  parent: { graph: string; node: string; attribute: string } | null;
  /** Graph input and output value names (initializers are not inputs). */
  inputs: string[];
  outputs: string[];
  nodes: GraphViewNode[];
  /** Values with a known type or shape (graph inputs/outputs, value_info, inferred). */
  values: GraphViewValue[];
  /** Constant tensors read by this graph's nodes. */
  constants: GraphViewConstant[];
}

/** The model properties panel: what the file says about itself (fields as ModelInfo's). */
export interface GraphViewProperties extends Pick<
  ModelInfo,
  'format' | 'producer' | 'producerVersion' | 'irVersion' | 'opsets' | 'metadata'
> {
  path: string | null;
  inputs: GraphViewValue[];
  outputs: GraphViewValue[];
  /** Nodes of the main graph and of every subgraph. */
  nodeCount: number;
  subgraphNodeCount: number;
}

/** Which graph to draw: the model as stored, or the runtime graph of a stored profile. */
export interface GraphViewRequest {
  kind: GraphKind;
  /** The profile whose runtime graph to draw (kind 'runtime'); its id as listProfiles gives it. */
  profileId: string | null;
}

/** What the runtime graph is and where it came from, in words for the toolbar. */
export interface RuntimeGraphInfo {
  profileId: string;
  /** The profile's runtime graph kind, or 'contracted' when drawn from the profile's node list. */
  source: 'ort-optimized-onnx' | 'builtin-plan' | 'openvino-exec-graph' | 'contracted';
  note: string;
  /** Runtime nodes that could not be placed on the drawing (no originals, no file to read). */
  undrawn: string[];
}

/** The picture of one model (or of one profile's runtime graph) the Graph area draws. */
export interface GraphView {
  version: 1;
  /** The workspace model it shows; null for a file the CLI opened. */
  modelId: string | null;
  title: string;
  kind: GraphKind;
  properties: GraphViewProperties;
  /** The main graph first, then every subgraph in the order their holders appear. */
  graphs: GraphViewGraph[];
  /** Where inferred shapes are bound: symbolic batch and sequence dims. */
  shapesAt: { batch: number; seq: number };
  /** Set for kind 'runtime'. */
  runtime: RuntimeGraphInfo | null;
}

/** Summary of a constant tensor's values; plain JSON (null where a value does not apply). */
export interface WeightStats {
  dtype: DType;
  shape: number[];
  elements: number;
  /** Packed size in bytes. */
  bytes: number;
  /** Fraction of elements that are exactly zero (or equal to the zero point), 0..1. */
  sparsity: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
}
