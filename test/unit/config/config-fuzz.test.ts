import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KINDS } from '../../../core/api/names';
import { describeError, isBug } from '../../../core/api/errors';
import { checkConfigText } from '../../../core/config/config-check';
import { configJsonSchema } from '../../../core/config/config-kinds';
import { configPresets } from '../../../core/config/config-presets';
import { inProcessApi } from '../../../core/host/in-process';
import { createWorkbenchHost } from '../../../core/host/workbench';
import { Prng } from '../../../core/util/prng';
import { projectRoot } from '../../../core/util/paths';
import { applyField, fieldText, formFields } from '../../../core/views/config-form';
import { configTree } from '../../../core/views/config-text';
import { cli } from '../helpers/cli';

/**
 * Malformed JSON, wrong types, huge numbers, 10,000-deep nesting and 10 MB texts: the checker,
 * the form, `config check` and the host's config methods answer every one with a message and
 * never crash (a crash would be a BugError, a thrown exception, or exit codes other than 0/2).
 */

const rng = new Prng(13);
const seeds = [
  readFileSync(path.join(projectRoot(), 'test/fixtures/configs/perf_config_sparse.json'), 'utf8'),
  ...configPresets(2, []).map((p) => p.text),
];
const WRONG_VALUES = [
  '"4"',
  '-1',
  '0',
  '1.5',
  '1e308',
  '-1e308',
  '123456789012345678901234567890',
  'true',
  'null',
  '[]',
  '{}',
  '"x"',
  '[1, 1]',
  '""',
];

function corpus(): [string, string][] {
  const out: [string, string][] = [];
  for (const [i, seed] of seeds.entries()) {
    // Truncated and with bytes flipped.
    for (let n = 0; n < 12; n++) out.push([`seed${i} cut`, seed.slice(0, rng.int(seed.length))]);
    for (let n = 0; n < 12; n++) {
      const at = rng.int(seed.length);
      out.push([
        `seed${i} flip`,
        seed.slice(0, at) + '{}[],:"\\x\u0000'[rng.int(10)] + seed.slice(at + 1),
      ]);
    }
    // Every value of the document replaced by values of the wrong type and size.
    for (const m of seed.matchAll(/: ([^,\n{}[\]]+|\[[^\]]*\])/g)) {
      const v = WRONG_VALUES[rng.int(WRONG_VALUES.length)]!;
      out.push([`seed${i} wrong ${m[1]} → ${v}`, seed.replace(m[0], `: ${v}`)]);
    }
  }
  out.push(
    ['deep arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['deep objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['deep inside a config', `{"CPU": {"X": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}`],
    ['deep, unclosed', '{"CPU": ' + '['.repeat(10_000)],
    ['10 MB of string', `{"CPU": {"X": "${'x'.repeat(10 * 2 ** 20)}"}}`],
    ['10 MB of spaces', ' '.repeat(10 * 2 ** 20) + '{}'],
    ['not JSON at all', '\u0000\u0001binary\uFFFD'],
    ['empty', ''],
    ['huge exponent', '{"CPU": {"NUM_STREAMS": 1e400}}'],
    ['a number as text', '{"CPU": {"NUM_STREAMS": "99999999999999999999999"}}'],
    ['top-level scalar', '42'],
    ['lone surrogate', '{"CPU": {"NUM_STREAMS": "\uD800"}}'],
  );
  return out;
}

const CORPUS = corpus();
const fields = CONFIG_KINDS.flatMap((k) => formFields(configJsonSchema(k)));

describe('config fuzz', () => {
  it(`the checker and the form answer ${CORPUS.length} bad texts without throwing`, () => {
    for (const [name, text] of CORPUS) {
      for (const kind of [null, ...CONFIG_KINDS]) {
        const check = checkConfigText(text, { kind, source: 'fuzz.json', baseDir: os.tmpdir() });
        for (const i of check.issues) {
          expect(i.from >= 0 && i.from <= i.to && i.to <= text.length, name).toBe(true);
          expect(i.line >= 1 && i.column >= 1, name).toBe(true);
          expect(i.message, name).toMatch(/expected|passed through/);
        }
      }
      const tree = configTree(text);
      for (const f of fields) {
        fieldText(text, f, tree);
        const r = applyField(text, f, '2');
        if ('text' in r) expect(r.text.length, name).toBeGreaterThan(0);
      }
    }
  });

  it('`config check` exits 0 or 2 on every one, with a message and never a crash', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-fuzz-'));
    for (const [i, [name, text]] of CORPUS.entries()) {
      const file = path.join(dir, `c${i}.json`);
      writeFileSync(file, text);
      const r = await cli('config', 'check', file);
      expect([0, 2], name).toContain(r.code);
      expect(r.stderr + r.stdout, name).toMatch(/config|valid|expected/);
      expect(r.stderr, name).not.toMatch(/Unexpected error|This is a bug/);
    }
  });

  it("the host's config methods answer with results or user errors, never bugs", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'config-fuzz-host-'));
    const api = inProcessApi(createWorkbenchHost({ hostKind: 'in-process', folders: [dir] }));
    for (const [i, [name, text]] of CORPUS.entries()) {
      const file = path.join(dir, `c${i}.json`);
      writeFileSync(file, text);
      const calls = [
        () => api.checkConfig({ text, kind: null, path: null }),
        () => api.readConfigFile(file),
        () => api.writeConfigFile(path.join(dir, `w${i}.json`), text),
        () => api.startConfigRun({ text, kind: null, path: null, bench: null }),
      ];
      for (const call of calls) {
        const error = await call().then(
          () => null,
          (err: unknown) => describeError(err),
        );
        if (error) expect(isBug(error), `${name}: ${error.message}`).toBe(false);
      }
    }
  });
});
