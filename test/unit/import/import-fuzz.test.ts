import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { importResultText } from '../../../core/bench/import/registry';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';

// Mutated fixtures must either import as valid results or be refused with a UserError —
// never crash with another error. Mutations come from a seeded generator, so failures replay.
const FIXTURES = path.join(import.meta.dirname, '../../fixtures/imports');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const PIECES = [
  '\n',
  ';',
  '"',
  '{',
  '}',
  '[',
  ']',
  ':',
  '-1',
  'NaN',
  '1e999',
  ' ',
  '?',
  'ms',
  'FPS',
  '0',
];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const edits = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * t.length);
    const kind = rand();
    if (kind < 0.3) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 20));
    else if (kind < 0.6)
      t = t.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)] + t.slice(at);
    else if (kind < 0.8)
      t = t.slice(0, at); // truncated file
    else t = t.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + t.slice(at + 1);
  }
  return t;
}

describe('importer fuzz', () => {
  const files = readdirSync(FIXTURES).filter((f) => !f.endsWith('.md'));
  for (const name of files) {
    it(`survives 150 mutations of ${name}`, () => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const rand = rng(name.length * 7919);
      for (let i = 0; i < 150; i++) {
        const input = mutate(text, rand);
        try {
          const { results } = importResultText(input, {
            fileName: name,
            fallbackTimestamp: '2026-01-01T00:00:00.000Z',
          });
          for (const r of results) expect(benchResultSchema.safeParse(r).success).toBe(true);
        } catch (err) {
          if (!(err instanceof UserError)) {
            throw new Error(
              `mutation ${i} of ${name} threw ${String(err)}\n--- input ---\n${input.slice(0, 2000)}`,
            );
          }
        }
      }
    });
  }
});
