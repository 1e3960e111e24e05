/**
 * The one graph model every importer produces and every engine, transform and view consumes.
 * ONNX-shaped (ONNX is the richest common denominator); OpenVINO IR maps onto it.
 */

import type { DType, Dim, ModelFormat } from '../api/names';

export type { DType, Dim };

/** A named value flowing between nodes: graph input/output or intermediate. */
export interface ValueInfo {
  name: string;
  dtype: DType | null;
  /** null when the rank itself is unknown. */
  shape: Dim[] | null;
}

/**
 * A constant tensor. Its bytes are a lazy view onto the file (never a copy of a large model):
 * `bytes()` returns little-endian packed elements (for sub-byte types, packed as ONNX does).
 * String tensors use `strings()` instead.
 */
export interface Tensor {
  name: string;
  dtype: DType;
  dims: number[];
  bytes(): Uint8Array;
  strings?(): string[];
  /** Where the bytes live, for reports and for writers that keep external data. */
  location: { kind: 'inline' } | { kind: 'external'; file: string; offset: number; length: number };
}

export type Attribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: Tensor }
  | { type: 'graph'; value: Graph }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: number[] }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: Tensor[] }
  | { type: 'graphs'; value: Graph[] };

export interface Node {
  /** Unique within its graph; the node's name when it has a unique one, else a generated id. */
  id: string;
  name: string;
  opType: string;
  /** '' is the default ONNX domain ("ai.onnx"). */
  domain: string;
  attributes: Record<string, Attribute>;
  /** Value names; '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
}

export interface Graph {
  name: string;
  nodes: Node[];
  /** Real inputs only (initializers that ONNX also lists as inputs are not here). */
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** Known types/shapes of intermediate values. */
  valueInfo: Map<string, ValueInfo>;
  initializers: Map<string, Tensor>;
}

export interface GraphModel {
  format: ModelFormat;
  /** File the model was read from, when it came from a file. */
  path: string | null;
  producer: string;
  producerVersion: string;
  /** ONNX IR version, or the IR `version` attribute for OpenVINO. */
  irVersion: number;
  /** Opset version per domain ('' = ai.onnx). */
  opsets: Record<string, number>;
  metadata: Record<string, string>;
  graph: Graph;
}
