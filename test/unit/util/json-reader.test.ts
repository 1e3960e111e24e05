import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { readJson } from '../../../core/util/json-reader';
import { Prng } from '../../../core/util/prng';

const at = { source: 'c.json', kind: 'BadConfig' } as const;

function refusal(text: string, limits = {}): UserError {
  try {
    readJson(text, at, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a refusal');
}

describe('readJson', () => {
  it('parses what JSON.parse parses', () => {
    const text = '{"a": [1, -2.5e3, "x\\n\\u00e9", true, false, null, {}], "b": {"c": []}}';
    expect(readJson(text, at)).toEqual(JSON.parse(text));
  });

  it('names the line and column of a bad escape and of a raw newline in a string', () => {
    expect(refusal('{\n  "a": "x\\q"\n}').message).toBe(
      'c.json, line 2, column 10: expected a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
    );
    expect(refusal('{"a": "x\ny"}').message).toMatch(
      /^c\.json, line 1, column 9: expected no raw control/,
    );
  });

  it('refuses deep nesting without overflowing a stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(refusal(deep).message).toBe(
      'c.json, line 1, column 65: expected at most 64 levels of nesting',
    );
    expect(readJson('[[[]]]', at, { maxDepth: 3 })).toEqual([[[]]]);
  });

  it('reads 200,000 keys quickly', () => {
    const text = `{${Array.from({ length: 200_000 }, (_, i) => `"k${i}": ${i}`).join(',')}}`;
    const t0 = performance.now();
    const doc = readJson(text, at) as Record<string, number>;
    expect(doc.k199999).toBe(199999);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('accepts a UTF-8 byte order mark, refuses numbers out of range and oversized text', () => {
    expect(readJson('\ufeff{"a": 1}', at)).toEqual({ a: 1 });
    expect(refusal('{"a": 1e400}').message).toBe(
      'c.json, line 1, column 7: expected a finite number, got 1e400 (out of range)',
    );
    expect(refusal('[1, 2, 3]', { maxLength: 4 }).message).toBe(
      'c.json: expected at most 4 bytes of JSON, got 9 bytes.',
    );
  });

  it('says what it expected at truncations and stray tokens', () => {
    expect(refusal('').message).toBe(
      'c.json, line 1, column 1: expected a JSON value, got nothing',
    );
    expect(refusal('{"a": [1, 2').message).toMatch(
      /column 12: expected more: the JSON text ends early/,
    );
    expect(refusal('{"a" 1}').message).toMatch(/column 6: expected ":" after the key/);
    expect(refusal('{"a": 1} x').message).toMatch(/column 10: expected the end of the JSON text/);
    expect(refusal("{'a': 1}").message).toMatch(/column 2: expected a key in double quotes/);
    expect(refusal('[01]').message).toMatch(/column 3: expected a number like/);
    expect(refusal('[1,]').message).toMatch(/column 4: expected a value/);
  });

  it('agrees with JSON.parse on every mutation of valid documents (fuzz)', () => {
    const prng = new Prng(17);
    const seeds = [
      '{"a": [1, 2.5, "s\\"t"], "b": {"c": null, "d": true}}',
      '[{"x": -0.5e-2}, [], {}, "\\u0041"]',
    ];
    const alphabet = '{}[]":,\\ 0123456789.eE+-tfnrlu"a\n';
    for (let i = 0; i < 5000; i++) {
      const src = seeds[i % seeds.length]!;
      const chars = [...src];
      for (let k = 0, m = 1 + prng.int(3); k < m; k++) {
        const pos = prng.int(chars.length + 1);
        const op = prng.int(3);
        if (op === 0) chars.splice(pos, 1);
        else if (op === 1) chars.splice(pos, 0, alphabet[prng.int(alphabet.length)]!);
        else chars[pos] = alphabet[prng.int(alphabet.length)]!;
      }
      const text = chars.join('');
      let expected: unknown;
      let valid = true;
      try {
        expected = JSON.parse(text);
      } catch {
        valid = false;
      }
      if (valid) expect(readJson(text, at), text).toEqual(expected);
      else expect(() => readJson(text, at), text).toThrow(UserError);
    }
  });
});
