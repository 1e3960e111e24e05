/** How far a transformed model's output is from the original's on the same inputs. */
export interface OutputDifference {
  name: string;
  elements: number;
  maxAbs: number;
  /** Cosine similarity of the flattened outputs (1 = same direction). */
  cosine: number;
}

export function differenceOf(name: string, a: Float32Array, b: Float32Array): OutputDifference {
  // Different element counts mean the transform broke the output shape: as far apart as can be.
  if (a.length !== b.length) return { name, elements: a.length, maxAbs: Infinity, cosine: 0 };
  let maxAbs = 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(x - y));
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const cosine = na === 0 && nb === 0 ? 1 : dot / Math.sqrt(na * nb);
  return { name, elements: a.length, maxAbs, cosine };
}
