import type { Graph, GraphModel, ValueInfo } from './graph';

/** What feeding a model needs to know: its inputs and the sizes its embeddings accept. */
export interface ModelFacts {
  inputs: ValueInfo[];
  /** Rows of the word-embedding table input_ids are gathered from; null when not found. */
  vocabSize: number | null;
  /** Rows of the position-embedding table: the longest sequence accepted; null when not found. */
  maxPositions: number | null;
}

/** Follow value-preserving ops (Cast, Identity, Reshape, Unsqueeze …) back to their source. */
const PASS_THROUGH = new Set(['Cast', 'Identity', 'Reshape', 'Unsqueeze', 'Squeeze', 'Flatten']);

/**
 * Vocabulary and position sizes read off the embedding Gathers: the first dim of the constant
 * table a Gather consumes the token-id input through, and of the table it indexes with a
 * Range (positions 0..seq-1) or whose name says "position".
 */
export function graphFacts(model: GraphModel): ModelFacts {
  const g = model.graph;
  const producer = new Map<string, Graph['nodes'][number]>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const source = (value: string): { value: string; viaRange: boolean } => {
    let v = value;
    for (let hops = 0; hops < 8; hops++) {
      const p = producer.get(v);
      if (!p) break;
      if (p.opType === 'Range') return { value: v, viaRange: true };
      if (!PASS_THROUGH.has(p.opType) || p.inputs[0] === undefined) break;
      v = p.inputs[0];
    }
    return { value: v, viaRange: false };
  };
  const tokenInputs = new Set(
    g.inputs
      .filter((i) => /input_ids|^ids$|token_ids$/i.test(i.name) && !/type/i.test(i.name))
      .map((i) => i.name),
  );
  let vocabSize: number | null = null;
  let maxPositions: number | null = null;
  for (const n of g.nodes) {
    if (n.opType === 'EmbedLayerNormalization' && n.domain === 'com.microsoft') {
      // onnxruntime's fused embeddings: (input_ids, segment_ids, word_embedding, position_embedding, …).
      const words = g.initializers.get(n.inputs[2] ?? '');
      const positions = g.initializers.get(n.inputs[3] ?? '');
      if (
        vocabSize === null &&
        words?.dims.length === 2 &&
        tokenInputs.has(source(n.inputs[0]!).value)
      )
        vocabSize = words.dims[0]!;
      if (maxPositions === null && positions?.dims.length === 2) maxPositions = positions.dims[0]!;
      continue;
    }
    if (n.opType !== 'Gather' || n.inputs.length < 2) continue;
    const table = g.initializers.get(n.inputs[0]!);
    if (!table || table.dims.length !== 2) continue;
    const indices = source(n.inputs[1]!);
    if (vocabSize === null && tokenInputs.has(indices.value)) vocabSize = table.dims[0]!;
    else if (maxPositions === null && (indices.viaRange || /position/i.test(table.name))) {
      maxPositions = table.dims[0]!;
    }
  }
  return { inputs: g.inputs, vocabSize, maxPositions };
}
