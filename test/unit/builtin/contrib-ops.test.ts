import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinEngine } from '../../../core/engines/builtin/builtin-engine';
import { diffOutputs, formatDiff } from '../../../core/engines/builtin/tensor-diff';
import type { HostTensor, Session } from '../../../core/engines/engine';
import { ortEngine } from '../../../core/engines/ort/ort-engine';
import type { Attribute, DType, Node, Tensor, ValueInfo } from '../../../core/model/graph';
import { writeOnnx } from '../../../core/model/onnx/onnx-writer';
import { ensureWasm } from './ensure-wasm';
import { init, io, model, node, prune, rand } from './graph-helpers';

/**
 * Every com.microsoft op the builtin claims against onnxruntime-node's CPU EP (which runs the
 * contrib ops): one-node models on several shapes, every mask_index form, past/present,
 * constant weights dense and 90% sparse (packed sparse at sparseRate 0.5), and the integer
 * types ORT takes.
 */

beforeAll(ensureWasm, 120_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'builtin-contrib-'));
const open: Session[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

interface Case {
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  inits?: Tensor[];
  feeds: Record<string, HostTensor>;
  sparseRate?: number;
  /** Float tolerance (absolute, on outputs of magnitude ~1). */
  atol?: number;
}

const ms = (n: Node): Node => ({ ...n, domain: 'com.microsoft' });
const int = (value: number): Attribute => ({ type: 'int', value });
const float = (value: number): Attribute => ({ type: 'float', value });
const feed = (dtype: DType, dims: number[], data: HostTensor['data']): HostTensor => ({
  dtype,
  dims,
  data,
});
const f32 = (dims: number[], seed: number): HostTensor =>
  feed(
    'float32',
    dims,
    rand(
      dims.reduce((a, b) => a * b, 1),
      seed,
    ),
  );
/** Deterministic integers in [lo, hi]. */
function ints(n: number, lo: number, hi: number, seed: number): number[] {
  return Array.from(rand(n, seed), (x) => lo + Math.floor(((x + 1) / 2) * (hi - lo + 1)));
}
const i32 = (dims: number[], xs: number[]): HostTensor => feed('int32', dims, Int32Array.from(xs));
const u8 = (dims: number[], seed: number): HostTensor =>
  feed(
    'uint8',
    dims,
    Uint8Array.from(
      ints(
        dims.reduce((a, b) => a * b, 1),
        0,
        255,
        seed,
      ),
    ),
  );

let fileNo = 0;
/** Run the case on builtin and ORT; expect every output to match. */
async function check(c: Case): Promise<string[]> {
  const m = model(c.nodes, c.inputs, c.outputs, c.inits ?? [], 17);
  m.opsets['com.microsoft'] = 1;
  const file = path.join(dir, `case-${fileNo++}.onnx`);
  writeFileSync(file, writeOnnx(m));
  const b = await builtinEngine.load(file, { threads: 1, sparseRate: c.sparseRate ?? null });
  const o = await ortEngine.load(file, { threads: 1 });
  open.push(b, o);
  const got = await b.run(c.feeds),
    want = await o.run(c.feeds);
  const lines: string[] = [];
  for (const out of c.outputs) {
    const d = diffOutputs(out.name, got[out.name]!, want[out.name]!, {
      atol: c.atol ?? 1e-4,
      rtol: 1e-4,
    });
    lines.push(formatDiff(d));
    expect(d.ok, formatDiff(d)).toBe(true);
  }
  return [...lines, ...b.notes];
}

// ---------------------------------------------------------------- Attention

type MaskForm = 'none' | 'lengths' | 'end-start' | 'raw-2d' | 'raw-3d' | 'causal' | 'past';

function attentionCase(B: number, S: number, H: number, heads: number, form: MaskForm): Case {
  const P = form === 'past' ? 3 : 0,
    T = P + S,
    d = H / heads;
  const inputs = [io('x', 'float32', [B, S, H])];
  const feeds: Record<string, HostTensor> = { x: f32([B, S, H], 3) };
  let mask = '';
  const len = (b: number): number => Math.max(1, T - 1 - b);
  if (form === 'lengths' || form === 'end-start' || form === 'raw-2d' || form === 'raw-3d') {
    mask = 'mask';
    const t =
      form === 'lengths'
        ? i32(
            [B],
            Array.from({ length: B }, (_, b) => len(b)),
          )
        : form === 'end-start'
          ? i32(
              [2 * B],
              Array.from({ length: 2 * B }, (_, i) => (i < B ? len(i) : i - B === 0 ? 1 : 0)),
            )
          : form === 'raw-2d'
            ? i32(
                [B, T],
                Array.from({ length: B * T }, (_, i) => (i % T < len(Math.floor(i / T)) ? 1 : 0)),
              )
            : i32(
                [B, S, T],
                Array.from({ length: B * S * T }, (_, i) => (i % T <= (i % (S * T)) / T ? 1 : 0)),
              );
    inputs.push(io('mask', 'int32', t.dims));
    feeds.mask = t;
  }
  const outputs = [io('y', 'float32', [B, S, H])];
  const nodeOutputs = ['y'];
  let past = '';
  if (form === 'past') {
    past = 'past';
    inputs.push(io('past', 'float32', [2, B, heads, P, d]));
    feeds.past = f32([2, B, heads, P, d], 9);
    outputs.push(io('present', 'float32', [2, B, heads, T, d]));
    nodeOutputs.push('present');
  }
  return {
    nodes: [
      ms(
        node(
          'Attention',
          ['x', 'w', 'bias', mask, past].slice(0, past ? 5 : mask ? 4 : 3),
          nodeOutputs,
          {
            num_heads: int(heads),
            ...(form === 'causal' || form === 'past' ? { unidirectional: int(1) } : {}),
          },
        ),
      ),
    ],
    inputs,
    outputs,
    inits: [
      init('w', 'float32', [H, 3 * H], rand(3 * H * H, 5)),
      init('bias', 'float32', [3 * H], rand(3 * H, 6)),
    ],
    feeds,
  };
}

describe('com.microsoft Attention vs onnxruntime', () => {
  const forms: MaskForm[] = ['none', 'lengths', 'end-start', 'raw-2d', 'raw-3d', 'causal', 'past'];
  for (const [B, S, H, heads] of [
    [1, 4, 8, 2],
    [2, 7, 32, 4],
  ] as const)
    for (const form of forms)
      it(`[${B}, ${S}, ${H}], ${heads} heads, mask ${form}`, async () => {
        await check(attentionCase(B, S, H, heads, form));
      });

  it('a 90%-sparse Q/K/V weight packs sparse and matches', async () => {
    const c = attentionCase(2, 6, 32, 4, 'lengths');
    c.inits![0] = init('w', 'float32', [32, 96], prune(rand(32 * 96, 5), 0.9));
    c.sparseRate = 0.5;
    expect((await check(c)).join('\n')).toContain('sparse fp32');
  });
});

// ---------------------------------------------------------------- QAttention

describe('com.microsoft QAttention vs onnxruntime', () => {
  for (const [B, S, H, heads, withMask] of [
    [1, 4, 8, 2, false],
    [2, 5, 16, 4, true],
  ] as const)
    it(`uint8 input, int8 weight, [${B}, ${S}, ${H}], mask ${withMask ? 'lengths' : 'none'}`, async () => {
      const inputs = [io('x', 'uint8', [B, S, H])];
      const feeds: Record<string, HostTensor> = { x: u8([B, S, H], 2) };
      if (withMask) {
        inputs.push(io('mask', 'int32', [B]));
        feeds.mask = i32([B], [S, S - 2]);
      }
      await check({
        nodes: [
          ms(
            node(
              'QAttention',
              ['x', 'w', 'bias', 'sx', 'sw', withMask ? 'mask' : '', 'zx', 'zw'],
              ['y'],
              { num_heads: int(heads) },
            ),
          ),
        ],
        inputs,
        outputs: [io('y', 'float32', [B, S, H])],
        inits: [
          init('w', 'int8', [H, 3 * H], ints(3 * H * H, -127, 127, 4)),
          init('bias', 'float32', [3 * H], rand(3 * H, 6)),
          init('sx', 'float32', [], [0.004]),
          init('sw', 'float32', [], [0.003]),
          init('zx', 'uint8', [], [128]),
          init('zw', 'int8', [], [0]),
        ],
        feeds,
        atol: 1e-3,
      });
    });
});

// ---------------------------------------------------------------- Skip / Embed LayerNorm

describe('com.microsoft SkipLayerNormalization and EmbedLayerNormalization vs onnxruntime', () => {
  for (const [B, S, H, beta, bias] of [
    [1, 3, 8, true, false],
    [2, 5, 32, false, true],
    [2, 4, 16, true, true],
  ] as const)
    it(`Skip [${B}, ${S}, ${H}]${beta ? ', beta' : ''}${bias ? ', bias and the sum output' : ''}`, async () => {
      const inits = [init('gamma', 'float32', [H], rand(H, 7))];
      if (beta) inits.push(init('beta', 'float32', [H], rand(H, 8)));
      if (bias) inits.push(init('bias', 'float32', [H], rand(H, 9)));
      const outputs = [io('y', 'float32', [B, S, H])];
      if (bias) outputs.push(io('sum', 'float32', [B, S, H]));
      await check({
        nodes: [
          ms(
            node(
              'SkipLayerNormalization',
              ['x', 's', 'gamma', beta ? 'beta' : '', bias ? 'bias' : ''],
              bias ? ['y', '', '', 'sum'] : ['y'],
              { epsilon: float(1e-5) },
            ),
          ),
        ],
        inputs: [io('x', 'float32', [B, S, H]), io('s', 'float32', [B, S, H])],
        outputs,
        inits,
        feeds: { x: f32([B, S, H], 1), s: f32([B, S, H], 2) },
      });
    });

  for (const [B, S, H, segments, mask] of [
    [1, 4, 8, false, false],
    [2, 6, 16, true, true],
  ] as const)
    it(`Embed [${B}, ${S}] → ${H}${segments ? ', segments' : ''}${mask ? ', mask → mask_index' : ''}`, async () => {
      const V = 30;
      const inputs = [io('ids', 'int32', [B, S])];
      const feeds: Record<string, HostTensor> = { ids: i32([B, S], ints(B * S, 0, V - 1, 3)) };
      if (segments) {
        inputs.push(io('seg', 'int32', [B, S]));
        feeds.seg = i32([B, S], ints(B * S, 0, 1, 4));
      }
      if (mask) {
        inputs.push(io('mask', 'int32', [B, S]));
        feeds.mask = i32(
          [B, S],
          Array.from({ length: B * S }, (_, i) => (i % S < S - Math.floor(i / S) ? 1 : 0)),
        );
      }
      const inits = [
        init('word', 'float32', [V, H], rand(V * H, 5)),
        init('pos', 'float32', [S + 2, H], rand((S + 2) * H, 6)),
        init('gamma', 'float32', [H], rand(H, 7)),
        init('beta', 'float32', [H], rand(H, 8)),
      ];
      if (segments) inits.push(init('segEmb', 'float32', [2, H], rand(2 * H, 9)));
      await check({
        nodes: [
          ms(
            node(
              'EmbedLayerNormalization',
              [
                'ids',
                segments ? 'seg' : '',
                'word',
                'pos',
                segments ? 'segEmb' : '',
                'gamma',
                'beta',
                mask ? 'mask' : '',
              ],
              ['y', 'maskIndex'],
              { epsilon: float(1e-5) },
            ),
          ),
        ],
        inputs,
        outputs: [io('y', 'float32', [B, S, H]), io('maskIndex', 'int32', [B])],
        inits,
        feeds,
      });
    });
});

// ---------------------------------------------------------------- GELUs

describe('com.microsoft Gelu, BiasGelu and FastGelu vs onnxruntime', () => {
  for (const dims of [
    [2, 3, 8],
    [5, 67],
  ])
    for (const [op, bias] of [
      ['Gelu', false],
      ['BiasGelu', true],
      ['FastGelu', false],
      ['FastGelu', true],
    ] as const)
      it(`${op} [${dims.join(', ')}]${bias ? ' with bias' : ''}`, async () => {
        const H = dims[dims.length - 1]!;
        const x = f32(dims, 11);
        (x.data as Float32Array).forEach((v, i, a) => (a[i] = 4 * v));
        await check({
          nodes: [ms(node(op, bias ? ['x', 'b'] : ['x'], ['y']))],
          inputs: [io('x', 'float32', dims)],
          outputs: [io('y', 'float32', dims)],
          inits: bias ? [init('b', 'float32', [H], rand(H, 12))] : [],
          feeds: { x },
        });
      });
});

// ---------------------------------------------------------------- products

describe('com.microsoft FusedMatMul, MatMulIntegerToFloat and DynamicQuantizeMatMul vs onnxruntime', () => {
  it('FusedMatMul, constant weight, transB and alpha (dense and 90% sparse)', async () => {
    for (const sparse of [false, true]) {
      const w = rand(24 * 16, 2);
      const notes = await check({
        nodes: [ms(node('FusedMatMul', ['a', 'w'], ['y'], { transB: int(1), alpha: float(0.5) }))],
        inputs: [io('a', 'float32', [2, 5, 16])],
        outputs: [io('y', 'float32', [2, 5, 24])],
        inits: [init('w', 'float32', [24, 16], sparse ? prune(w, 0.9) : w)],
        feeds: { a: f32([2, 5, 16], 1) },
        sparseRate: 0.5,
      });
      expect(notes.join('\n')).toContain(sparse ? 'sparse fp32' : 'dense fp32');
    }
  });

  it('FusedMatMul, run-time operands, transA and batch broadcast', async () => {
    await check({
      nodes: [ms(node('FusedMatMul', ['a', 'b'], ['y'], { transA: int(1), alpha: float(2) }))],
      inputs: [io('a', 'float32', [2, 3, 6, 4]), io('b', 'float32', [3, 6, 5])],
      outputs: [io('y', 'float32', [2, 3, 4, 5])],
      feeds: { a: f32([2, 3, 6, 4], 1), b: f32([3, 6, 5], 2) },
    });
  });

  for (const [bType, perColumn, constant] of [
    ['int8', true, true],
    ['uint8', false, true],
    ['int8', false, false],
  ] as const)
    it(`MatMulIntegerToFloat, uint8 × ${bType} ${constant ? 'constant' : 'run-time'} B, ${perColumn ? 'per-column' : 'per-tensor'} scale`, async () => {
      const K = 16,
        N = 12;
      const sDims = perColumn ? [N] : [];
      const bVals = bType === 'int8' ? ints(K * N, -128, 127, 3) : ints(K * N, 0, 255, 3);
      const b = feed(
        bType,
        [K, N],
        bType === 'int8' ? Int8Array.from(bVals) : Uint8Array.from(bVals),
      );
      const inits = [
        init('sa', 'float32', [], [0.02]),
        init(
          'sb',
          'float32',
          sDims,
          perColumn ? Array.from(rand(N, 4), (x) => 0.01 + x * 0.005) : [0.01],
        ),
        init('za', 'uint8', [], [100]),
        init('zb', bType, sDims, perColumn ? ints(N, -3, 3, 5) : [bType === 'int8' ? 1 : 128]),
        init('bias', 'float32', [N], rand(N, 6)),
      ];
      const inputs = [io('a', 'uint8', [2, 3, K])];
      const feeds: Record<string, HostTensor> = { a: u8([2, 3, K], 1) };
      if (constant) inits.push(init('b', bType, [K, N], bVals));
      else {
        inputs.push(io('b', bType, [K, N]));
        feeds.b = b;
      }
      await check({
        nodes: [
          ms(node('MatMulIntegerToFloat', ['a', 'b', 'sa', 'sb', 'za', 'zb', 'bias'], ['y'])),
        ],
        inputs,
        outputs: [io('y', 'float32', [2, 3, N])],
        inits,
        feeds,
        atol: 1e-3,
      });
    });

  for (const [perColumn, sparse] of [
    [false, false],
    [true, false],
    [false, true],
  ] as const)
    it(`DynamicQuantizeMatMul, int8 B ${perColumn ? 'per-column' : 'per-tensor'}${sparse ? ', 90% zeros (packed sparse)' : ''}`, async () => {
      const K = 32,
        N = 16;
      const sDims = perColumn ? [N] : [];
      const w = ints(K * N, -127, 127, 3).map((v, i) => (sparse && i % 10 ? 0 : v));
      const notes = await check({
        nodes: [ms(node('DynamicQuantizeMatMul', ['a', 'b', 'sb', '', 'bias'], ['y']))],
        inputs: [io('a', 'float32', [3, K])],
        outputs: [io('y', 'float32', [3, N])],
        inits: [
          init('b', 'int8', [K, N], w),
          init(
            'sb',
            'float32',
            sDims,
            perColumn ? Array.from(rand(N, 4), (x) => 0.01 + x * 0.005) : [0.01],
          ),
          init('bias', 'float32', [N], rand(N, 6)),
        ],
        feeds: { a: f32([3, K], 1) },
        sparseRate: 0.5,
        // The activation is quantized per run: a 1-ulp scale difference can move a value
        // across a rounding step (one step ≈ scale_a · scale_b · |w|).
        atol: 2e-3,
      });
      if (sparse) expect(notes.join('\n')).toMatch(/sparse int8|dense int8 \(/);
    });
});
