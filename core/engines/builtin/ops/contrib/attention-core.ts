import type { Runtime } from '../../runtime';
import { numel, type NumArray, type Value } from '../../values';
import { nums, OpError } from '../op-util';

/**
 * The attention of com.microsoft Attention and QAttention once Q, K and V are projected
 * (one packed [hidden, 3·hidden] product): ORT's mask forms turned into one additive mask, past
 * keys and values joined with the new ones (present written head-major as ORT does), and the
 * builtin's attention kernel reading the heads in place — the kernel the unfused graph's
 * fused attention uses. Shapes the kernel cannot take run a plain reference loop.
 */
export interface AttentionConfig {
  heads: number;
  unidirectional: boolean;
  /** Added where the mask says 0 (ORT's mask_filter_value, default −10000). */
  maskFilter: number;
  /** Score scale; null = 1/√head_size. */
  scale: number | null;
}

/** Where one of Q, K, V lives: element offset of row 0 and its row stride. */
interface Operand {
  data: Float32Array;
  at: number;
  ld: number;
}

const LOWEST = -3.4028234663852886e38;

/**
 * The additive mask [B, S, T] (or [B, T] when it does not depend on the query row) from
 * mask_index in any of ORT's forms — key lengths [B], end and start positions [2B], raw 0/1
 * [B, T] or [B, S, T] — plus the causal mask and a head-independent attention bias.
 */
function additiveMask(
  rt: Runtime,
  cfg: AttentionConfig,
  B: number,
  S: number,
  P: number,
  mask: Value | undefined,
  bias: Value | undefined,
): { ptr: number; perRow: boolean } | null {
  const T = P + S;
  if (!mask && !cfg.unidirectional && !bias) return null;
  const perRow = cfg.unidirectional || !!bias || (mask?.dims.length ?? 0) === 3;
  const rowLen = perRow ? S * T : T;
  const ptr = rt.scratch(B * rowLen * 4);
  const Mk = rt.f32(ptr, B * rowLen);
  Mk.fill(0);
  const f = cfg.maskFilter;
  if (mask) {
    const M = nums(mask);
    const r = mask.dims.length;
    const fill = (b: number, j0: number, j1: number, v: number): void => {
      for (let i = 0; i < (perRow ? S : 1); i++)
        Mk.fill(v, b * rowLen + i * T + j0, b * rowLen + i * T + Math.max(j0, j1));
    };
    if (r === 1 && (M.length === B || M.length === 2 * B)) {
      for (let b = 0; b < B; b++) {
        fill(b, Math.min(Math.max(M[b]!, 0), T), T, f);
        if (M.length === 2 * B) fill(b, 0, Math.min(Math.max(M[B + b]!, 0), T), f);
      }
    } else if (r === 2 && mask.dims[0] === B && mask.dims[1] === T) {
      for (let b = 0; b < B; b++)
        for (let j = 0; j < T; j++) if (!(M[b * T + j]! > 0)) fill(b, j, j + 1, f);
    } else if (r === 3 && mask.dims[0] === B && mask.dims[1] === S && mask.dims[2] === T) {
      for (let i = 0; i < B * S * T; i++) Mk[i] = M[i]! > 0 ? 0 : f;
    } else
      throw new OpError(
        `Attention: mask_index [${mask.dims.join(',')}] is not one of [${B}], [${2 * B}], [${B},${T}], [${B},${S},${T}]`,
      );
  }
  if (cfg.unidirectional) {
    // ORT: the lowest float for causal positions, mask_filter_value with a 3-D mask.
    const causal = mask?.dims.length === 3 ? f : LOWEST;
    for (let b = 0; b < B; b++)
      for (let i = 0; i < S; i++)
        Mk.fill(causal, b * rowLen + i * T + P + i + 1, b * rowLen + (i + 1) * T);
  }
  if (bias) {
    const A = nums(bias);
    for (let b = 0; b < B; b++) {
      const src = bias.dims[0] === 1 ? 0 : b * S * T;
      for (let i = 0; i < S * T; i++) Mk[b * rowLen + i]! += A[src + i]!;
    }
  }
  return { ptr, perRow };
}

/** Reference attention for shapes the kernel does not take (head sizes differ, per-head bias). */
function reference(
  q: Operand,
  k: Operand,
  v: Operand,
  out: Float32Array,
  dims: { B: number; S: number; T: number; heads: number; d: number; dv: number; scale: number },
  mask: Float32Array | null,
  perRow: boolean,
  bias: Value | undefined,
): void {
  const { B, S, T, heads, d, dv, scale } = dims;
  const A = bias ? nums(bias) : undefined;
  const p = new Float64Array(T);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < S; i++) {
        let mx = -Infinity;
        const qi = q.at + (b * S + i) * q.ld + h * d;
        for (let j = 0; j < T; j++) {
          const kj = k.at + (b * T + j) * k.ld + h * d;
          let s = 0;
          for (let c = 0; c < d; c++) s += q.data[qi + c]! * k.data[kj + c]!;
          s *= scale;
          if (mask) s += mask[b * (perRow ? S * T : T) + (perRow ? i * T : 0) + j]!;
          if (A) {
            const bb = bias!.dims[0] === 1 ? 0 : b,
              hh = bias!.dims[1] === 1 ? 0 : h;
            s += A[((bb * bias!.dims[1]! + hh) * S + i) * T + j]!;
          }
          p[j] = s;
          mx = Math.max(mx, s);
        }
        let sum = 0;
        for (let j = 0; j < T; j++) sum += p[j] = Math.exp(p[j]! - mx);
        const oi = (b * S + i) * heads * dv + h * dv;
        for (let c = 0; c < dv; c++) {
          let acc = 0;
          for (let j = 0; j < T; j++)
            acc += p[j]! * v.data[v.at + (b * T + j) * v.ld + h * dv + c]!;
          out[oi + c] = acc / sum;
        }
      }
}

/**
 * Attention over projected qkv [B, S, hq + hk + hv] (bias included): returns the output
 * [B, S, hv] and, when asked, present [2, B, heads, P + S, head_size].
 */
export function runAttention(
  rt: Runtime,
  cfg: AttentionConfig,
  qkv: Value,
  sizes: [number, number, number],
  mask: Value | undefined,
  past: Value | undefined,
  bias: Value | undefined,
  wantPresent: boolean,
): [Value, Value | undefined] {
  const [B, S] = qkv.dims as [number, number];
  const [hq, hk, hv] = sizes;
  const N = hq + hk + hv;
  const { heads } = cfg;
  if (hq !== hk || hq % heads !== 0 || hv % heads !== 0)
    throw new OpError(
      `Attention: hidden sizes [${sizes.join(',')}] do not split into ${heads} heads`,
    );
  const d = hq / heads,
    dv = hv / heads;
  const P = past ? past.dims[3]! : 0;
  const T = P + S;
  if (past) {
    const want = [2, B, heads, P, d];
    if (
      past.dtype !== 'float32' ||
      past.dims.length !== 5 ||
      past.dims.some((x, i) => x !== want[i]) ||
      dv !== d
    )
      throw new OpError(
        `Attention: past must be float32 [2, ${B}, ${heads}, past_length, ${d}], got [${past.dims.join(',')}]`,
      );
  }
  const all = rt.f32(qkv.ptr, B * S * N);
  let k: Operand = { data: all, at: hq, ld: N },
    v: Operand = { data: all, at: hq + hk, ld: N };
  let present: Value | undefined;
  if (past || wantPresent) {
    present = rt.alloc('float32', [2, B, heads, T, d]);
    const Pr = present.data as Float32Array,
      Pa = past ? (past.data as Float32Array) : undefined;
    // Keys and values joined in the kernel's layout [B, T, hidden] (past first), and in ORT's.
    const kv = past ? rt.f32(rt.scratch(2 * B * T * hk * 4), 2 * B * T * hk) : undefined;
    for (let kind = 0; kind < 2; kind++)
      for (let b = 0; b < B; b++)
        for (let h = 0; h < heads; h++)
          for (let t = 0; t < T; t++) {
            const dst = (((kind * B + b) * heads + h) * T + t) * d;
            const src = t < P ? (((kind * B + b) * heads + h) * P + t) * d : -1;
            for (let c = 0; c < d; c++) {
              const x =
                src >= 0 ? Pa![src + c]! : all[(b * S + t - P) * N + hq + kind * hk + h * d + c]!;
              Pr[dst + c] = x;
              if (kv) kv[((kind * B + b) * T + t) * hk + h * d + c] = x;
            }
          }
    if (kv) {
      k = { data: kv, at: 0, ld: hk };
      v = { data: kv, at: B * T * hk, ld: hk };
    }
    if (!wantPresent) {
      rt.drop(present);
      present = undefined;
    }
  }
  const m = additiveMask(rt, cfg, B, S, P, mask, bias && bias.dims[1] === 1 ? bias : undefined);
  const perHead = bias && bias.dims[1] !== 1 ? bias : undefined;
  const scale = cfg.scale ?? 1 / Math.sqrt(d);
  const out = rt.alloc('float32', [B, S, hv]);
  if (numel(out.dims) === 0) return [out, present];
  const ok =
    !perHead &&
    dv === d &&
    rt.tier.attention(rt, {
      q: qkv.ptr,
      k: k.data.byteOffset + k.at * 4,
      v: v.data.byteOffset + v.at * 4,
      out: out.ptr,
      S,
      T,
      batch: B,
      heads,
      d,
      ldq: N,
      ldk: k.ld,
      ldv: v.ld,
      ldo: hv,
      scale,
      mask: m ? m.ptr : 0,
      maskBatch: m ? (m.perRow ? S * T : T) : 0,
      maskRow: m && m.perRow ? T : 0,
    });
  if (!ok)
    reference(
      { data: all, at: 0, ld: N },
      k,
      v,
      out.data as Float32Array,
      { B, S, T, heads, d, dv, scale },
      m ? rt.f32(m.ptr, B * (m.perRow ? S * T : T)) : null,
      m?.perRow ?? false,
      perHead,
    );
  return [out, present];
}

/** mask_index read as numbers (ORT takes int32; any integer type is accepted here). */
export function checkMask(v: Value | undefined): Value | undefined {
  if (v && Array.isArray(v.data)) throw new OpError('Attention: mask_index must be numeric');
  return v && (v.data as NumArray).length === 0 ? undefined : v;
}
