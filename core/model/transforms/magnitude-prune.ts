import { countEqual } from '../zero-fraction';

/**
 * Exact magnitude pruning: set the k smallest |w| to zero, over one weight or over several
 * at once (global scope). Selection is a two-pass radix select on the float32 bit patterns
 * of |w| (monotonic for non-negative floats), so it needs no sorted copy of the weights —
 * a global threshold over a 300M-parameter model would not fit one otherwise.
 * Ties at the threshold are broken by position (earlier array, then lower index, first),
 * so the result is deterministic and the count is exactly k.
 */

const ABS_MASK = 0x7fffffff;

function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/** Number of elements that are exactly zero (+0 or -0). */
export function countZeros(values: ArrayLike<number>): number {
  return countEqual(values, 0);
}

/** How many elements a target sparsity means: round(s·n). */
export function pruneCount(n: number, sparsity: number): number {
  return Math.min(n, Math.max(0, Math.round(sparsity * n)));
}

/**
 * Zero the k smallest-magnitude elements across `arrays` in place (NaN counts as largest).
 * Returns the number of elements that are zero afterwards in each array.
 */
export function pruneSmallest(arrays: Float32Array[], k: number): number[] {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  if (k > total) throw new RangeError(`cannot prune ${k} of ${total} elements`);
  if (k > 0) {
    const views = arrays.map(bitsOf);
    const target = k - 1; // sorted position of the last element to prune
    const high = new Uint32Array(65536); // counts fit: one ONNX file holds < 2^30 floats
    for (const v of views) for (let i = 0; i < v.length; i++) high[(v[i]! & ABS_MASK) >>> 16]++;
    let below = 0;
    let bucket = 0;
    while (below + high[bucket]! <= target) below += high[bucket++]!;
    const low = new Uint32Array(65536);
    for (const v of views) {
      for (let i = 0; i < v.length; i++) {
        const b = v[i]! & ABS_MASK;
        if (b >>> 16 === bucket) low[b & 0xffff]++;
      }
    }
    let lowBucket = 0;
    while (below + low[lowBucket]! <= target) below += low[lowBucket++]!;
    const threshold = ((bucket << 16) | lowBucket) >>> 0;
    let takeEqual = k - below;
    for (let a = 0; a < arrays.length; a++) {
      const v = views[a]!;
      const values = arrays[a]!;
      for (let i = 0; i < v.length; i++) {
        const b = v[i]! & ABS_MASK;
        if (b < threshold) values[i] = 0;
        else if (b === threshold && takeEqual > 0) {
          values[i] = 0;
          takeEqual--;
        }
      }
    }
  }
  return arrays.map(countZeros);
}
