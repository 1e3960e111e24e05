import { UserError } from '../api/errors';
import { RUN_LIMITS } from '../api/limits';
import { formatBytes } from '../util/format';
import { Prng } from '../util/prng';
import { elementCount, tensorByteLength, type HostTensor } from './tensor';
import type { DType, ValueInfo } from './graph';
import { ALL_INPUTS, type ShapeSpec } from './shape-spec';

/** What feeds are made from: the model's real inputs and, when known, its vocabulary size. */
export interface FeedModel {
  inputs: ValueInfo[];
  /** Rows of the word-embedding table; token ids are drawn below it. */
  vocabSize?: number | null;
}

export interface FeedOptions {
  batch: number;
  seq: number;
  /** Explicit dims per input name (or ALL_INPUTS), overriding batch/seq binding. */
  shapes?: ShapeSpec;
  /** Sizes of symbolic dims by name (--dim NAME=VALUE), over batch/seq binding and defaults. */
  dims?: Record<string, number>;
  /** Receives one line per dim given a default (no --shape, --dim, batch or seq sized it). */
  notes?: string[];
  seed: number;
}

/** Symbolic dims read as a past length (KV caches), which default to 0 instead of 1. */
const PAST_DIM = /past/i;

type Role = 'tokens' | 'mask' | 'token-types' | 'positions' | 'other';

function roleOf(name: string): Role {
  const n = name.toLowerCase();
  if (n.includes('token_type') || n.includes('segment')) return 'token-types';
  if (n.includes('mask')) return 'mask';
  if (n.includes('position_ids')) return 'positions';
  if (n.includes('input_ids') || n === 'ids' || n.endsWith('token_ids')) return 'tokens';
  return 'other';
}

/** Dims of one input: explicit shape, else fixed dims kept and symbolic ones bound. */
export function resolveDims(
  input: ValueInfo,
  options: FeedOptions,
  symbols = new Map<string, number>(),
): number[] {
  const explicit = options.shapes?.[input.name] ?? options.shapes?.[ALL_INPUTS];
  if (explicit) {
    if (input.shape && input.shape.length !== explicit.length) {
      throw new UserError(
        'BadInput',
        `--shape gives ${input.name} ${explicit.length} dims, but the model declares ${input.shape.length} (${formatDims(input.shape)}).`,
      );
    }
    input.shape?.forEach((d, i) => {
      if (typeof d === 'number' && d !== explicit[i]) {
        throw new UserError(
          'BadInput',
          `--shape gives ${input.name} dimension ${i} = ${explicit[i]}, but the model fixes it at ${d} (${formatDims(input.shape!)}).`,
        );
      }
    });
    return [...explicit];
  }
  if (input.shape === null) {
    throw new UserError(
      'BadInput',
      `The model does not declare the rank of input ${input.name}: give it with --shape "${input.name}[...]".`,
    );
  }
  return input.shape.map((d, i) => {
    if (typeof d === 'number') return d;
    const named = typeof d === 'string' && d !== '';
    if (named && symbols.has(d)) return symbols.get(d)!;
    const given = named ? options.dims?.[d] : undefined;
    // benchmark_app convention for transformer inputs: [batch, seq, ...].
    let size = given ?? (i === 0 ? options.batch : i === 1 ? options.seq : undefined);
    if (size === undefined) {
      // Neither batch nor sequence: a past length starts empty, anything else at 1.
      size = named && PAST_DIM.test(d) && !input.name.toLowerCase().includes('mask') ? 0 : 1;
      options.notes?.push(
        `input ${input.name} dim ${i} ${named ? `"${d}"` : '(unnamed)'} set to ${size}${size === 0 ? ' (a past length: no cached tokens)' : ''}; ${named ? `--dim ${d}=N` : `--shape "${input.name}[...]"`} sets it`,
      );
    }
    if (named) symbols.set(d, size);
    return size;
  });
}

/** Refuse inputs that cannot be allocated (absurd dims) before any allocation happens. */
function checkFeedSizes(planned: { input: ValueInfo; dtype: DType; dims: number[] }[]): void {
  let total = 0;
  for (const { input, dtype, dims } of planned) {
    const bad = dims.find((d) => !Number.isSafeInteger(d) || d < 0);
    if (bad !== undefined) {
      throw new UserError(
        'BadInput',
        `Input ${input.name} would have dimension ${bad} ([${dims.join(',')}]): expected whole numbers ≥ 0.`,
      );
    }
    const bytes = tensorByteLength(dtype, elementCount(dims));
    total += bytes;
    if (!(total <= RUN_LIMITS.feedBytes)) {
      throw new UserError(
        'BadInput',
        `Input ${input.name}[${dims.join(',')}] (${dtype}) would need ${formatBytes(bytes)}; one run's inputs may use at most ${formatBytes(RUN_LIMITS.feedBytes)}.`,
        'Use a smaller --seq, --batch or --shape.',
      );
    }
  }
}

function formatDims(dims: (number | string | null)[]): string {
  return `[${dims.map((d) => d ?? '?').join(',')}]`;
}

function allocate(dtype: DType, n: number, name: string): HostTensor['data'] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'uint64':
      return new BigUint64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'uint16':
      return new Uint16Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
    default:
      throw new UserError(
        'BadInput',
        `Input ${name} has dtype ${dtype}, which the benchmark cannot fill yet.`,
      );
  }
}

/**
 * Synthetic feeds for every model input, deterministic for a seed: token ids uniform below the
 * vocabulary, attention masks ones, token-type ids zeros, position ids 0..seq-1, other float
 * inputs standard normal,
 * other integer inputs zeros. Unknown vocabulary → token ids are 0 (always in range).
 */
export function makeFeeds(model: FeedModel, options: FeedOptions): Record<string, HostTensor> {
  if (options.dims) {
    const symbolic = new Set(model.inputs.flatMap((i) => i.shape ?? []));
    const unknown = Object.keys(options.dims).filter((d) => !symbolic.has(d));
    if (unknown.length)
      throw new UserError(
        'BadInput',
        `--dim names ${unknown.map((d) => `"${d}"`).join(', ')}, which no input of the model has.`,
        `Symbolic dims: ${[...symbolic].filter((d) => typeof d === 'string' && d).join(', ') || '(none)'}.`,
      );
  }
  if (options.shapes) {
    const known = new Set(model.inputs.map((i) => i.name));
    for (const name of Object.keys(options.shapes)) {
      if (name !== ALL_INPUTS && !known.has(name)) {
        throw new UserError(
          'BadInput',
          `--shape names input "${name}", which the model does not have.`,
          `Model inputs: ${[...known].join(', ') || '(none)'}.`,
        );
      }
    }
  }
  const rand = new Prng(options.seed);
  const symbols = new Map<string, number>();
  // Every input's size is known and checked before any of them is allocated.
  const planned = model.inputs.map((input) => {
    if (input.dtype === null) {
      throw new UserError(
        'BadInput',
        `The model does not declare the element type of input ${input.name}.`,
      );
    }
    return { input, dtype: input.dtype, dims: resolveDims(input, options, symbols) };
  });
  checkFeedSizes(planned);
  const feeds: Record<string, HostTensor> = {};
  for (const { input, dims } of planned) {
    if (input.dtype === null) continue;
    const n = elementCount(dims);
    const data = allocate(input.dtype, n, input.name);
    fill(data, dims, input.dtype, roleOf(input.name), model.vocabSize ?? null, rand);
    feeds[input.name] = { dtype: input.dtype, dims, data };
  }
  return feeds;
}

function fill(
  data: HostTensor['data'],
  dims: number[],
  dtype: DType,
  role: Role,
  vocab: number | null,
  rand: Prng,
): void {
  const isFloat = dtype === 'float32' || dtype === 'float64';
  const isBig = data instanceof BigInt64Array || data instanceof BigUint64Array;
  if (role === 'positions' && !isFloat) {
    // 0, 1, … along the last (sequence) dim of every row, as a tokenizer would give them.
    const len = dims.at(-1) ?? 1;
    for (let i = 0; i < data.length; i++) {
      if (isBig) data[i] = BigInt(i % len);
      else (data as Int32Array)[i] = i % len;
    }
  } else if (role === 'mask') {
    if (isBig) data.fill(1n);
    else (data as Float32Array).fill(1);
  } else if (role === 'tokens' && !isFloat && vocab !== null && vocab > 0) {
    for (let i = 0; i < data.length; i++) {
      const id = rand.int(vocab);
      if (isBig) data[i] = BigInt(id);
      else (data as Int32Array)[i] = id;
    }
  } else if (role === 'other' && isFloat) {
    const f = data as Float32Array;
    for (let i = 0; i < f.length; i++) f[i] = rand.normal();
  }
  // Token types and other integer inputs stay zero.
}

// The --shape parser lives next door (one concept per file); re-exported for callers of feeds.
export { parseShapeSpec, formatShapeSpec, ALL_INPUTS } from './shape-spec';
