import type { Runtime } from '../../runtime';
import { numel, type Value } from '../../values';
import type { OpFactory } from '../op-types';
import { attrFloat, need, nums, OpError } from '../op-util';

/**
 * com.microsoft SkipLayerNormalization and EmbedLayerNormalization: the sums are formed with
 * the SIMD row kernel (or, for embeddings, gathered rows added in place) and normalised by the
 * tier's layer-norm kernel, as LayerNormalization is in the unfused graph.
 */

/** ORT's default epsilon of both ops (kDefaultSkipLayerNormEpsilon, kDefaultEmbedLayerNormEpsilon). */
const DEFAULT_EPSILON = 1e-12;

function checkVector(v: Value | undefined, n: number, what: string): void {
  if (v && (v.dtype !== 'float32' || numel(v.dims) !== n))
    throw new OpError(
      `${what} must be float32 with ${n} values, got ${v.dtype} [${v.dims.join(',')}]`,
    );
}

/** Mean and 1/σ per row (the optional training outputs), shape `dims` with the last dim 1. */
function rowStats(
  rt: Runtime,
  src: Float32Array,
  rows: number,
  cols: number,
  dims: number[],
  eps: number,
): [Value, Value] {
  const mean = rt.alloc('float32', dims),
    inv = rt.alloc('float32', dims);
  const M = mean.data as Float32Array,
    I = inv.data as Float32Array;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += src[r * cols + c]!;
    const mu = s / cols;
    let q = 0;
    for (let c = 0; c < cols; c++) q += (src[r * cols + c]! - mu) ** 2;
    M[r] = mu;
    I[r] = 1 / Math.sqrt(q / cols + eps);
  }
  return [mean, inv];
}

/**
 * SkipLayerNormalization(input, skip, gamma, beta?, bias?) → (output, mean?, inv_std_var?,
 * input_skip_bias_sum?): LayerNorm(input + skip + bias) over the last axis. skip is
 * [B, S, H], or [1, S, H] / [S, H] shared by every batch.
 */
const skipLayerNorm: OpFactory = (env) => {
  const eps = attrFloat(env.node, 'epsilon', DEFAULT_EPSILON);
  const wanted = (i: number): boolean => (env.node.outputs[i] ?? '') !== '';
  return {
    run(rt, [x, s, g, b, bi]) {
      const a = need(x, 'input'),
        skip = need(s, 'skip'),
        gamma = need(g, 'gamma');
      if (a.dtype !== 'float32' || skip.dtype !== 'float32')
        throw new OpError(
          `SkipLayerNormalization: float32 expected, got ${a.dtype} and ${skip.dtype}`,
        );
      const cols = a.dims[a.dims.length - 1] ?? 0;
      const n = numel(a.dims);
      const rows = cols ? n / cols : 0;
      const skipRows = numel(skip.dims) / Math.max(cols, 1);
      if (skip.dims[skip.dims.length - 1] !== cols || (skipRows !== rows && rows % skipRows !== 0))
        throw new OpError(
          `SkipLayerNormalization: skip [${skip.dims.join(',')}] does not match input [${a.dims.join(',')}]`,
        );
      checkVector(gamma, cols, 'gamma');
      checkVector(b, cols, 'beta');
      checkVector(bi, cols, 'bias');
      const sum = wanted(3) ? rt.alloc('float32', a.dims) : { ptr: rt.scratch(n * 4) };
      const out = rt.alloc('float32', a.dims);
      if (n === 0) return [out];
      const ap = rt.ptr(a),
        sp = rt.ptr(skip);
      // skip shared by every batch: one row-kernel call per batch.
      for (let r = 0; r < rows; r += skipRows)
        rt.k.binaryRows(ap + r * cols * 4, sp, sum.ptr + r * cols * 4, skipRows, cols, cols, 0, 0);
      if (bi) rt.k.binaryRows(sum.ptr, rt.ptr(bi), sum.ptr, rows, cols, 0, 0, 0);
      rt.tier.layerNorm(rt, {
        src: sum.ptr,
        dst: out.ptr,
        rows,
        cols,
        gamma: rt.ptr(gamma),
        beta: b ? rt.ptr(b) : 0,
        eps,
      });
      const outs: (Value | undefined)[] = [out];
      if (wanted(1) || wanted(2)) {
        const stats = rowStats(
          rt,
          rt.f32(sum.ptr, n),
          rows,
          cols,
          [...a.dims.slice(0, -1), 1],
          eps,
        );
        outs.push(...stats);
      } else outs.push(undefined, undefined);
      if (wanted(3)) outs.push(sum as Value);
      return outs as Value[];
    },
  };
};

/** Row `id` of a [rows, H] table, or a clear error for an id out of range. */
function rowIndex(id: number, rows: number, what: string): number {
  if (!(id >= 0 && id < rows && Number.isInteger(id)))
    throw new OpError(
      `EmbedLayerNormalization: ${what} ${id} is out of range (the table has ${rows} rows)`,
    );
  return id;
}

/**
 * EmbedLayerNormalization(input_ids, segment_ids?, word_embedding, position_embedding,
 * segment_embedding?, gamma, beta, mask?, position_ids?) → (output, mask_index?,
 * embedding_sum?): LayerNorm(word[id] + position[p] + segment[sid]); positions 0…S−1 unless
 * given; mask_index[b] = the number of ones in mask row b (0 without a mask).
 */
const embedLayerNorm: OpFactory = (env) => {
  const eps = attrFloat(env.node, 'epsilon', DEFAULT_EPSILON);
  const wantSum = (env.node.outputs[2] ?? '') !== '';
  return {
    run(rt, [ids, segIds, wordEmb, posEmb, segEmb, g, b, m, posIds]) {
      const input = need(ids, 'input_ids'),
        word = need(wordEmb, 'word_embedding'),
        pos = need(posEmb, 'position_embedding'),
        gamma = need(g, 'gamma'),
        beta = need(b, 'beta');
      if (input.dims.length !== 2)
        throw new OpError(
          `EmbedLayerNormalization: input_ids must be [batch, sequence], got [${input.dims.join(',')}]`,
        );
      const [B, S] = input.dims as [number, number];
      const H = word.dims[1]!;
      for (const [t, what] of [
        [word, 'word_embedding'],
        [pos, 'position_embedding'],
        [segEmb, 'segment_embedding'],
      ] as const)
        if (t && (t.dtype !== 'float32' || t.dims.length !== 2 || t.dims[1] !== H))
          throw new OpError(`EmbedLayerNormalization: ${what} must be float32 [rows, ${H}]`);
      checkVector(gamma, H, 'gamma');
      checkVector(beta, H, 'beta');
      if (segIds && !segEmb)
        throw new OpError('EmbedLayerNormalization: segment_ids without segment_embedding');
      const I = nums(input),
        Sg = segIds ? nums(segIds) : undefined,
        P = posIds ? nums(posIds) : undefined;
      if (P && P.length !== S && P.length !== B * S)
        throw new OpError(
          'EmbedLayerNormalization: position_ids must be [batch, sequence] or [1, sequence]',
        );
      const W = word.data as Float32Array,
        Pe = pos.data as Float32Array,
        Se = segEmb?.data as Float32Array | undefined;
      const sum = wantSum ? rt.alloc('float32', [B, S, H]) : { ptr: rt.scratch(B * S * H * 4) };
      const X = rt.f32(sum.ptr, B * S * H);
      for (let t = 0; t < B * S; t++) {
        const w = rowIndex(I[t]!, word.dims[0]!, 'input id') * H;
        const p =
          rowIndex(P ? P[P.length === S ? t % S : t]! : t % S, pos.dims[0]!, 'position') * H;
        const sg = Sg && Se ? rowIndex(Sg[t]!, segEmb!.dims[0]!, 'segment id') * H : -1;
        const o = t * H;
        for (let c = 0; c < H; c++)
          X[o + c] = W[w + c]! + Pe[p + c]! + (sg >= 0 ? Se![sg + c]! : 0);
      }
      const out = rt.alloc('float32', [B, S, H]);
      if (B * S > 0)
        rt.tier.layerNorm(rt, {
          src: sum.ptr,
          dst: out.ptr,
          rows: B * S,
          cols: H,
          gamma: rt.ptr(gamma),
          beta: rt.ptr(beta),
          eps,
        });
      const maskIndex = rt.alloc('int32', [B]);
      const Mi = maskIndex.data as Int32Array;
      const M = m ? nums(m) : undefined;
      for (let bi = 0; bi < B; bi++) {
        let count = 0;
        if (M) for (let s = 0; s < S; s++) if (M[bi * S + s] === 1) count++;
        Mi[bi] = count;
      }
      return wantSum ? [out, maskIndex, sum as Value] : [out, maskIndex];
    },
  };
};

export const CONTRIB_NORM_OPS: Record<string, OpFactory> = {
  SkipLayerNormalization: skipLayerNorm,
  EmbedLayerNormalization: embedLayerNorm,
};
