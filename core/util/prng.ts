/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) for generating synthetic weights.
 * Deterministic across platforms and Node versions, unlike Math.random; it only has to be
 * well mixed, not cryptographic. State is kept as int32 (`| 0`) so V8 keeps it in small
 * integers — with `>>> 0` it boxes doubles and runs several times slower, which matters when
 * a model needs hundreds of millions of values.
 */
export class Prng {
  private readonly s = new Int32Array(4);
  /** A second normal deviate from Box–Muller, kept for the next call. */
  private spare: number | null = null;

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (0, 1, 2 …) over the whole 128-bit state.
    let x = seed | 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const s = this.s;
    let a = s[0]!;
    let b = s[1]!;
    let c = s[2]!;
    let d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal deviate by Marsaglia's polar method: one log and one square root per
   * pair and no trigonometry, about twice as fast as Box–Muller in V8.
   */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    for (;;) {
      const x = this.uniform() * 2 - 1;
      const y = this.uniform() * 2 - 1;
      const s = x * x + y * y;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = y * f;
        return x * f;
      }
    }
  }

  /**
   * n normal deviates scaled by std, as float32. The same sequence as n calls of normal(),
   * with the generator inlined: this is where model generation spends its time.
   */
  normals(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    let i = 0;
    if (n > 0 && this.spare !== null) out[i++] = this.normal() * std;
    const st = this.s;
    let a = st[0]!;
    let b = st[1]!;
    let c = st[2]!;
    let d = st[3]!;
    while (i < n) {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const x = ((t >>> 0) / 4294967296) * 2 - 1;
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const y = ((t >>> 0) / 4294967296) * 2 - 1;
      const s = x * x + y * y;
      if (!(s > 0 && s < 1)) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s) * std;
      out[i++] = x * f;
      if (i < n) out[i++] = y * f;
      else this.spare = (y * f) / std;
    }
    st[0] = a;
    st[1] = b;
    st[2] = c;
    st[3] = d;
    return out;
  }
}
