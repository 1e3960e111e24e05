import { UserError } from '../../api/errors';
import { MODEL_PRECISIONS, type ModelPrecision, type ModelPreset } from '../../api/names';

/** Architecture of a BERT-like encoder. */
export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocab: number;
  /** Number of position embeddings: the longest sequence the model accepts. */
  maxSeq: number;
}

export interface BertOptions extends BertShape {
  /** Token-type (segment) vocabulary; 2 like BERT. */
  typeVocab?: number;
  /** Fraction of every linear-layer weight set to zero by magnitude, 0..0.99. */
  sparsity?: number;
  precision?: ModelPrecision;
  /** PRNG seed; same options and seed give the same bytes. */
  seed?: number;
}

export const BERT_PRESETS: Record<ModelPreset, BertShape> = {
  // Small enough for unit tests to build and run in milliseconds.
  tiny: { layers: 2, hidden: 64, heads: 2, intermediate: 256, vocab: 1000, maxSeq: 128 },
  mini: { layers: 4, hidden: 256, heads: 4, intermediate: 1024, vocab: 30522, maxSeq: 512 },
  small: { layers: 4, hidden: 512, heads: 8, intermediate: 2048, vocab: 30522, maxSeq: 512 },
  base: { layers: 12, hidden: 768, heads: 12, intermediate: 3072, vocab: 30522, maxSeq: 512 },
  large: { layers: 24, hidden: 1024, heads: 16, intermediate: 4096, vocab: 30522, maxSeq: 512 },
};

/** Options with every default filled in. */
export type ResolvedBertOptions = Required<BertOptions>;

/** Upper bounds that keep a generated model inside what one ONNX protobuf file can hold. */
const LIMITS = {
  layers: [1, 64],
  hidden: [1, 8192],
  heads: [1, 256],
  intermediate: [1, 65536],
  vocab: [2, 1_000_000],
  maxSeq: [1, 65536],
  typeVocab: [1, 64],
  seed: [0, 4294967295],
} as const;

/** Protobuf messages cannot exceed 2 GiB; leave room for the graph itself. */
export const MAX_WEIGHT_BYTES = 1.9 * 2 ** 30;

/** Number of parameters of the encoder (embeddings, linear weights and biases, LayerNorms). */
export function bertParamCount(s: BertShape & { typeVocab: number }): number {
  const h = s.hidden;
  const embeddings = (s.vocab + s.maxSeq + s.typeVocab) * h + 2 * h;
  const perLayer =
    4 * (h * h + h) + (h * s.intermediate + s.intermediate) + (s.intermediate * h + h) + 4 * h;
  return embeddings + s.layers * perLayer;
}

/** Check and complete options; throws UserError('BadInput') naming the bad field. */
export function resolveBertOptions(opts: BertOptions): ResolvedBertOptions {
  const r: ResolvedBertOptions = {
    typeVocab: 2,
    sparsity: 0,
    precision: 'fp32',
    seed: 0,
    ...opts,
  };
  for (const [key, [min, max]] of Object.entries(LIMITS) as [
    keyof typeof LIMITS,
    readonly [number, number],
  ][]) {
    const v = r[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new UserError(
        'BadInput',
        `${key} must be an integer from ${min} to ${max}, got ${String(v)}.`,
      );
    }
  }
  if (r.hidden % r.heads !== 0) {
    throw new UserError(
      'BadInput',
      `hidden (${r.hidden}) must be divisible by heads (${r.heads}) so every head gets the same width.`,
    );
  }
  if (typeof r.sparsity !== 'number' || !(r.sparsity >= 0 && r.sparsity <= 0.99)) {
    throw new UserError(
      'BadInput',
      `sparsity must be a number from 0 to 0.99, got ${String(r.sparsity)}.`,
    );
  }
  if (!MODEL_PRECISIONS.includes(r.precision)) {
    throw new UserError(
      'BadInput',
      `precision must be one of ${MODEL_PRECISIONS.join(', ')}, got ${String(r.precision)}.`,
    );
  }
  const bytes = bertParamCount(r) * 4;
  if (bytes > MAX_WEIGHT_BYTES) {
    throw new UserError(
      'BadInput',
      `this model would hold ${(bytes / 2 ** 30).toFixed(2)} GiB of FP32 weights; one ONNX file holds at most 2 GiB.`,
      'Use fewer layers, a smaller hidden/intermediate size or a smaller vocabulary.',
    );
  }
  return r;
}
