import type { HostTensor } from '../../engines/engine';
import type { Dim, GraphModel, ValueInfo } from '../graph';
import { Prng } from '../generate/prng';
import { elementCount } from '../tensor';
import { UserError } from '../../api/errors';

export interface SampleFeedOptions {
  seed?: number;
  /** Size for a leading symbolic/unknown dimension (the batch). Default 1. */
  batch?: number;
  /** Size for any other symbolic/unknown dimension (the sequence). Default 16. */
  seq?: number;
}

/** Token ids for a model whose vocabulary cannot be found from its embedding table. */
const FALLBACK_VOCAB = 100;

/**
 * The vocabulary size behind an integer input: rows of the constant table a Gather looks up
 * with it (the word-embedding matrix of a transformer).
 */
function vocabFor(model: GraphModel, input: string): number | null {
  for (const node of model.graph.nodes) {
    if (node.opType === 'Gather' && node.inputs[1] === input) {
      const table = model.graph.initializers.get(node.inputs[0] ?? '');
      const axis = node.attributes.axis?.type === 'int' ? node.attributes.axis.value : 0;
      const rows = table?.dims[axis < 0 ? axis + table.dims.length : axis];
      if (rows !== undefined && rows > 0) return rows;
    }
  }
  return null;
}

function generatedMaxSeq(model: GraphModel): number | null {
  try {
    const opts = JSON.parse(model.metadata['sparsescope.options'] ?? '{}') as { maxSeq?: unknown };
    return typeof opts.maxSeq === 'number' && Number.isInteger(opts.maxSeq) && opts.maxSeq > 0
      ? opts.maxSeq
      : null;
  } catch {
    return null; // someone else's metadata under our key: ignore it
  }
}

function concreteDims(shape: Dim[] | null, batch: number, seq: number): number[] {
  if (shape === null) return [batch, seq];
  return shape.map((d, i) => (typeof d === 'number' && d >= 0 ? d : i === 0 ? batch : seq));
}

/**
 * Seeded random inputs for every graph input: token ids below the vocabulary, attention
 * masks all ones, token-type ids zeros, position ids 0..n-1, floats standard normal.
 * Same model and options → same feeds, so two variants of a model can be compared.
 */
export function sampleFeeds(
  model: GraphModel,
  options: SampleFeedOptions = {},
): Record<string, HostTensor> {
  const { seed = 0, batch = 1 } = options;
  let { seq = 16 } = options;
  // Our generated models know their longest sequence; longer feeds would index past the
  // position embeddings.
  const maxSeq = generatedMaxSeq(model);
  if (maxSeq !== null) seq = Math.min(seq, maxSeq);
  const rng = new Prng(seed);
  const feeds: Record<string, HostTensor> = {};
  for (const input of model.graph.inputs)
    feeds[input.name] = sampleFeed(model, input, rng, batch, seq);
  return feeds;
}

function sampleFeed(
  model: GraphModel,
  input: ValueInfo,
  rng: Prng,
  batch: number,
  seq: number,
): HostTensor {
  const dims = concreteDims(input.shape, batch, seq);
  const n = elementCount(dims);
  const name = input.name.toLowerCase();
  const dtype = input.dtype ?? 'float32';
  const integer = (f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
  let values: number[];
  if (name.includes('mask')) values = integer(() => 1);
  else if (name.includes('token_type') || name.includes('segment')) values = integer(() => 0);
  else if (name.includes('position')) values = integer((i) => i % (dims[dims.length - 1] ?? 1));
  else {
    const vocab = vocabFor(model, input.name) ?? FALLBACK_VOCAB;
    values = integer(() => rng.int(vocab));
  }
  switch (dtype) {
    case 'float32':
      return { dtype, dims, data: rng.normals(n, 1) };
    case 'float64':
      return { dtype, dims, data: Float64Array.from(rng.normals(n, 1)) };
    case 'int64':
      return { dtype, dims, data: BigInt64Array.from(values, BigInt) };
    case 'int32':
      return { dtype, dims, data: Int32Array.from(values) };
    case 'bool':
      return { dtype, dims, data: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
    default:
      throw new UserError(
        'UnsupportedModel',
        `Cannot make sample values for input "${input.name}" of type ${dtype}.`,
        'Supported input types: float32, float64, int64, int32, bool.',
      );
  }
}
