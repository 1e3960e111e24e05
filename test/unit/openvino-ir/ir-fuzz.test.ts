import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import type { GraphModel } from '../../../core/model/graph';
import { openvinoIrImporter } from '../../../core/model/openvino-ir/ir-importer';
import {
  binFor,
  FIXTURES,
  fixtureXml,
  stageFixtures,
  type FixtureName,
  type Staged,
} from './fixtures';
import { Prng } from '../../../core/util/prng';

/**
 * Mutation fuzzing: every mutated IR must import or fail with a UserError, each within 1 s.
 * Seeded, so a failure reproduces; the failing mutation is printed with its seed.
 */
const XML_MUTATIONS_PER_FIXTURE = 2500;
const BIN_TRUNCATIONS_PER_FIXTURE = 150;
// A hang detector, not a speed goal: a case parses in milliseconds, and even on a 2-core machine
// shared with other builds well under a second; a parser that loops takes forever.
const PER_CASE_LIMIT_MS = 5000;

/** Seeded, so a failure reproduces: uniform in [0, 1). */
function rng(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.uniform();
}

const TOKENS = [
  '<',
  '>',
  '"',
  '&',
  '&amp;',
  '-1',
  '?',
  '...',
  '1..5',
  '99999999999999999999',
  '0',
  ',',
  '</layer>',
  '<layer id="0">',
  'id="1"',
  '<dim>-7</dim>',
  '<![CDATA[x]]>',
  '<!--',
  '\u0000',
  'é',
];

type Mutation = {
  name: string;
  apply: (b: Uint8Array, r: () => number, donor: Uint8Array) => Uint8Array;
};

const enc = new TextEncoder();
const pick = (r: () => number, n: number) => Math.floor(r() * n);

const MUTATIONS: Mutation[] = [
  {
    name: 'bit flips',
    apply: (b, r) => {
      const out = b.slice();
      for (let i = 1 + pick(r, 4); i > 0; i--) out[pick(r, out.length)] ^= 1 << pick(r, 8);
      return out;
    },
  },
  { name: 'truncate', apply: (b, r) => b.slice(0, pick(r, b.length)) },
  {
    name: 'delete range',
    apply: (b, r) => {
      const at = pick(r, b.length);
      const len = 1 + pick(r, 64);
      return concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + len)));
    },
  },
  {
    name: 'splice from donor',
    apply: (b, r, donor) => {
      const from = pick(r, donor.length);
      const piece = donor.subarray(from, from + 1 + pick(r, 200));
      const at = pick(r, b.length);
      const cut = r() < 0.5 ? 0 : pick(r, 200);
      return concat(b.subarray(0, at), piece, b.subarray(Math.min(b.length, at + cut)));
    },
  },
  {
    name: 'insert token',
    apply: (b, r) => {
      const at = pick(r, b.length);
      return concat(b.subarray(0, at), enc.encode(TOKENS[pick(r, TOKENS.length)]), b.subarray(at));
    },
  },
  {
    // Change a number in place: hits ids, ports, offsets, sizes and dims — the semantic checks.
    name: 'renumber',
    apply: (b, r) => {
      const text = new TextDecoder().decode(b);
      const spots = [...text.matchAll(/\d+/g)];
      if (spots.length === 0) return b;
      const m = spots[pick(r, spots.length)];
      const values = ['0', '1', '2', '3', '7', '9', '-1', '48', '1000000', '4294967296', ''];
      const start = m.index;
      return enc.encode(
        text.slice(0, start) + values[pick(r, values.length)] + text.slice(start + m[0].length),
      );
    },
  },
];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Touch everything a consumer would, so a lazily broken model also counts as a failure. */
function exercise(m: GraphModel): void {
  for (const t of m.graph.initializers.values()) {
    if (t.location.kind === 'external') expect(t.bytes().length).toBe(t.location.length);
  }
  for (const n of m.graph.nodes) {
    for (const attr of Object.values(n.attributes))
      if (attr.type === 'graph') expect(attr.value.nodes).toBeDefined();
  }
}

interface Outcome {
  ok: number;
  userErrors: number;
  problems: string[];
  slowest: number;
}

async function attempt(
  path: string,
  bytes: Uint8Array,
  label: string,
  out: Outcome,
): Promise<void> {
  const t0 = performance.now();
  try {
    exercise(await openvinoIrImporter.open(path, bytes));
    out.ok++;
  } catch (err) {
    if (err instanceof UserError && err.kind === 'BadModel' && err.message.length > 0)
      out.userErrors++;
    else
      out.problems.push(
        `${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
      );
  }
  const ms = performance.now() - t0;
  out.slowest = Math.max(out.slowest, ms);
  if (ms > PER_CASE_LIMIT_MS) out.problems.push(`${label}: took ${ms.toFixed(0)} ms`);
}

let staged: Staged;
beforeAll(() => {
  staged = stageFixtures();
});
afterAll(() => staged.remove());

describe('openvino-ir importer under mutation', () => {
  it(`survives ${FIXTURES.length * XML_MUTATIONS_PER_FIXTURE} XML mutations and ${BIN_TRUNCATIONS_PER_FIXTURE * 3} .bin truncations`, async () => {
    const out: Outcome = { ok: 0, userErrors: 0, problems: [], slowest: 0 };
    const started = performance.now();
    const all = FIXTURES.map((f) => fixtureXml(f));
    let total = 0;
    for (const [fi, name] of FIXTURES.entries()) {
      const xml = all[fi];
      const path = staged.xmlPath(name);
      for (let i = 0; i < XML_MUTATIONS_PER_FIXTURE; i++) {
        const seed = fi * 1_000_003 + i;
        const r = rng(seed);
        const m = MUTATIONS[pick(r, MUTATIONS.length)];
        const donor = all[pick(r, all.length)];
        let bytes = m.apply(xml, r, donor);
        // Stack a second mutation now and then: single edits rarely get past the XML layer.
        if (r() < 0.25) bytes = MUTATIONS[pick(r, MUTATIONS.length)].apply(bytes, r, donor);
        await attempt(path, bytes, `${name} seed ${seed} (${m.name})`, out);
        total++;
      }
    }
    for (const name of FIXTURES) {
      const bin = binFor(name as FixtureName);
      if (!bin) continue;
      const r = rng(name.length * 7919);
      for (let i = 0; i < BIN_TRUNCATIONS_PER_FIXTURE; i++) {
        const cut = i === 0 ? 0 : pick(r, bin.length);
        writeFileSync(staged.binPath(name), bin.subarray(0, cut));
        await attempt(staged.xmlPath(name), fixtureXml(name), `${name}.bin cut to ${cut}`, out);
        total++;
      }
      writeFileSync(staged.binPath(name), bin);
    }
    const elapsed = performance.now() - started;
    console.log(
      `openvino-ir fuzz: ${total} cases, ${out.ok} imported, ${out.userErrors} UserErrors, slowest ${out.slowest.toFixed(1)} ms, ${(elapsed / 1000).toFixed(1)} s`,
    );
    expect(out.problems.slice(0, 10)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(10_000);
    // Mutations that keep the file valid must still be common, or the fuzz only tests the XML parser.
    expect(out.ok).toBeGreaterThan(500);
  });
});
