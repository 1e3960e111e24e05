import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { profileFileSchema } from '../../../core/api/schemas/profile';
import { importProfileText } from '../../../core/profile/importers/registry';
import { Prng } from '../../../core/util/prng';

/**
 * Mutation fuzzing of every profile importer, seeded so a failure replays: each mutated
 * fixture must import as a valid profile or be refused with a UserError whose message names
 * the file and a place — never another error, never a hang.
 */
const FIXTURES = path.join(import.meta.dirname, '../../fixtures/profiles');
// A hang detector, not a speed goal: a case parses in milliseconds, and even on a 2-core machine
// shared with other builds well under a second; a parser that loops takes forever.
const PER_CASE_LIMIT_MS = 5000;
/** Cases per fixture; the XML execution graph is larger and slower to parse, so fewer. */
const CASES = (name: string) => (name.endsWith('.xml') ? 120 : 400);

const TOKENS = [
  '\n',
  ';',
  ',',
  '"',
  '{',
  '}',
  '[',
  ']',
  ':',
  '-1',
  'NaN',
  '1e999',
  '?',
  'ms',
  '0',
  '<',
  '>',
  '</layer>',
  'execTimeMcs="x"',
  '"dur": -5',
  '"ts": "x"',
  'Status.',
  'Total;;;;',
  'layerName;',
  '_kernel_time',
  '"model_run"',
  'not_executed',
  '\u0000',
  'é',
  '99999999999999999999',
];

function mutate(text: string, r: Prng): string {
  let t = text;
  const pick = (n: number) => Math.floor(r.uniform() * n);
  for (let edits = 1 + pick(4); edits > 0; edits--) {
    const at = pick(t.length + 1);
    const kind = r.uniform();
    if (kind < 0.25) t = t.slice(0, at) + t.slice(at + 1 + pick(40));
    else if (kind < 0.55) t = t.slice(0, at) + TOKENS[pick(TOKENS.length)] + t.slice(at);
    else if (kind < 0.7) t = t.slice(0, at);
    else if (kind < 0.85) {
      // Change a number in place: ids, times, counts, dims — the semantic checks.
      const spots = [...t.matchAll(/\d+(\.\d+)?/g)];
      if (spots.length) {
        const m = spots[pick(spots.length)]!;
        const values = ['0', '-1', '1e308', '', '3.5', '4294967296', 'x'];
        t = t.slice(0, m.index) + values[pick(values.length)] + t.slice(m.index! + m[0].length);
      }
    } else t = t.slice(0, at) + String.fromCharCode(pick(128)) + t.slice(at + 1);
  }
  return t;
}

describe('profile importers under mutation', () => {
  const files = readdirSync(FIXTURES).filter((f) => !f.endsWith('.md') && !f.endsWith('.mjs'));
  for (const [fi, name] of files.entries()) {
    it(`survives ${CASES(name)} mutations of ${name}`, () => {
      const text = readFileSync(path.join(FIXTURES, name), 'utf8');
      const problems: string[] = [];
      let ok = 0;
      let refused = 0;
      for (let i = 0; i < CASES(name); i++) {
        const seed = fi * 100_003 + i;
        const input = mutate(text, new Prng(seed));
        const t0 = performance.now();
        try {
          const { profile } = importProfileText(input, {
            fileName: name,
            fallbackTimestamp: '2026-01-01T00:00:00.000Z',
          });
          const checked = profileFileSchema.safeParse(profile);
          if (!checked.success)
            problems.push(
              `seed ${seed}: imported an invalid profile: ${checked.error.issues[0]!.message} at ${checked.error.issues[0]!.path.join('.')}`,
            );
          else ok++;
        } catch (err) {
          if (err instanceof UserError && err.message.startsWith(name)) refused++;
          else
            problems.push(
              `seed ${seed}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`,
            );
        }
        const ms = performance.now() - t0;
        if (ms > PER_CASE_LIMIT_MS) problems.push(`seed ${seed}: took ${ms.toFixed(0)} ms`);
      }
      expect(problems.slice(0, 5)).toEqual([]);
      // Both outcomes must occur, or the fuzz tests only one path.
      expect(ok + refused).toBe(CASES(name));
      expect(refused).toBeGreaterThan(0);
    });
  }
});
