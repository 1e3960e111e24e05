import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KINDS, type ConfigKind } from '../../../core/api/names';
import { checkConfigText } from '../../../core/config/config-check';
import { configJsonSchema, detectKind } from '../../../core/config/config-kinds';

const dir = mkdtempSync(path.join(os.tmpdir(), 'config-check-'));
writeFileSync(path.join(dir, 'm.onnx'), 'x'); // only its existence is checked here

const check = (text: string, kind: ConfigKind | null = null) =>
  checkConfigText(text, { kind, source: 'c.json', baseDir: dir });
const at = (text: string, i: { from: number; to: number }) => text.slice(i.from, i.to);

/** Every property schema in a JSON Schema, with its path, through objects, lists and unions. */
function properties(
  schema: Record<string, unknown>,
  where = '',
): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [k, s] of Object.entries(props)) {
    out.push([`${where}${k}`, s], ...properties(s, `${where}${k}.`));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const sub = schema[key];
    if (sub && typeof sub === 'object')
      out.push(...properties(sub as Record<string, unknown>, `${where}${key}.`));
  }
  for (const b of (schema.anyOf ?? []) as Record<string, unknown>[])
    out.push(...properties(b, where));
  return out;
}

describe('JSON Schemas of the config kinds', () => {
  it.each(CONFIG_KINDS)(
    '%s: draft 2020-12, every key with description, range, default and benchmark_app equivalent',
    (kind) => {
      const schema = configJsonSchema(kind);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      const props = properties(schema);
      expect(props.length).toBeGreaterThan(kind === 'sweep' ? 15 : 10);
      for (const [name, s] of props) {
        expect.soft(typeof s.description, name).toBe('string');
        for (const k of ['x-range', 'x-default', 'x-benchmark-app'])
          expect.soft(s[k], `${name} ${k}`).toBeTypeOf('string');
        expect.soft(s.description, name).toMatch(/Range: .+\. Default: .+\. benchmark_app: .+\.$/);
      }
    },
  );

  it('types known CPU properties and allows (and documents) any other key and device', () => {
    const schema = configJsonSchema('benchmark-app') as {
      properties: { CPU: { additionalProperties: unknown; properties: Record<string, unknown> } };
      additionalProperties: { description: string };
    };
    expect(Object.keys(schema.properties.CPU.properties)).toContain('PERFORMANCE_HINT');
    expect(schema.properties.CPU.additionalProperties).toEqual({});
    expect(schema.additionalProperties.description).toMatch(/another device/);
  });
});

describe('which kind a config is', () => {
  it.each([
    ['{"CPU": {"NUM_STREAMS": "4"}}', 'benchmark-app'],
    ['{}', 'benchmark-app'],
    ['{"version": 1, "model": "m.onnx"}', 'run'],
    ['{"version": 1, "variants": []}', 'sweep'],
    ['{"version": 1, "streams": [1]}', 'sweep'],
    ['{"version": 1}', 'run'],
    ['[1]', null],
    ['{"CPU": 4}', null],
  ])('%s → %s', (text, kind) => {
    expect(detectKind(JSON.parse(text))).toBe(kind);
  });
});

describe('checking a config text', () => {
  it('accepts valid configs of each kind', () => {
    expect(check('{"CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": "4"}}').issues).toEqual([]);
    expect(check('{"version": 1, "model": "m.onnx", "streams": 2, "threads": 2}')).toMatchObject({
      kind: 'run',
      issues: [],
    });
    const sweep =
      '{"version": 1, "variants": [{"label": "a", "model": "m.onnx"}], "engines": ["ort"], "streams": [1], "threads": [1], "seq": [8], "batch": [1], "niter": 3}';
    expect(check(sweep)).toMatchObject({ kind: 'sweep', issues: [] });
    expect(check(sweep).value).toMatchObject({ repeats: 1 });
  });

  it('places each error at the key with the rule broken, with line and column', () => {
    const text =
      '{\n  "CPU": {\n    "NUM_STREAMS": "AUTO",\n    "INFERENCE_NUM_THREADS": 0\n  }\n}\n';
    const { issues } = check(text);
    expect(issues.map((i) => [i.severity, at(text, i), i.line, i.column])).toEqual([
      ['error', '"NUM_STREAMS": "AUTO"', 3, 5],
      ['error', '"INFERENCE_NUM_THREADS": 0', 4, 5],
    ]);
    expect(issues[0]!.message).toBe(
      'at CPU.NUM_STREAMS: expected an integer from 1 to 256, as a number or a string such as "4", got "AUTO"',
    );
  });

  it('flags passed-through properties and devices as warnings, errors first', () => {
    const text =
      '{"GPU": {"X": 1}, "CPU": {"PERFORMANCE_HINT": "LATENCY", "MY_KEY": 1, "NUM_STREAMS": 0}}';
    const { issues } = check(text);
    expect(issues.map((i) => `${i.severity} ${at(text, i).slice(0, 20)}`)).toEqual([
      'error "NUM_STREAMS": 0',
      'warning "GPU": {"X": 1}',
      'warning "PERFORMANCE_HINT": ',
      'warning "MY_KEY": 1',
    ]);
    expect(issues[3]!.message).toMatch(/not a CPU property SparseScope knows; passed through/);
  });

  it('names unknown keys, missing keys, duplicates and missing model files', () => {
    const texts = {
      unknown: '{"version": 1, "model": "m.onnx", "stream": 2}',
      missing:
        '{"version": 1, "variants": [{"label": "a", "model": "m.onnx"}], "engines": ["ort"], "streams": [1], "threads": [1], "seq": [8], "niter": 3}',
      twice: '{"version": 1, "model": "m.onnx", "streams": 1, "streams": 2}',
      gone: '{"version": 1, "model": "gone.onnx"}',
      both: '{"version": 1, "model": "m.onnx", "time_s": 1, "niter": 2}',
      threads: '{"version": 1, "model": "m.onnx", "streams": 4, "threads": 2}',
      shape: '{"version": 1, "model": "m.onnx", "shape": "input_ids[1,"}',
    };
    const first = (t: string) => check(t).issues[0]!;
    expect(first(texts.unknown).message).toMatch(/^at stream: expected no field "stream" here/);
    expect(at(texts.unknown, first(texts.unknown))).toBe('"stream": 2');
    expect(first(texts.missing).message).toBe(
      'at batch: expected a list here (the key is required), got nothing',
    );
    expect(first(texts.twice).message).toBe(
      'at streams: expected "streams" only once in this object',
    );
    expect(at(texts.twice, first(texts.twice))).toBe('"streams": 2');
    expect(first(texts.gone).message).toBe(
      'at model: expected a model file (relative to the config file), got "gone.onnx"',
    );
    expect(first(texts.both).message).toMatch(/at niter: expected only one of "time_s" or "niter"/);
    expect(first(texts.threads).message).toMatch(/at threads: expected threads ≥ streams/);
    expect(first(texts.shape).message).toMatch(/at shape: missing "\]"/);
    // Saving checks only the file itself: a model path may be meant for another machine.
    expect(
      checkConfigText(texts.gone, { kind: null, source: 'c', baseDir: dir, files: false }).issues,
    ).toEqual([]);
  });

  it('reports a JSON syntax error at its place and the text as no kind', () => {
    const r = check('{\n  "CPU": {"NUM_STREAMS": }\n}');
    expect(r.kind).toBeNull();
    expect(r.issues).toEqual([
      expect.objectContaining({
        path: null,
        line: 2,
        column: 26,
        from: 27,
        message: expect.stringMatching(/c\.json, line 2, column 26: expected a value/),
      }),
    ]);
  });

  it('checks as the kind asked for, whatever the text looks like', () => {
    const r = check('{"CPU": {}}', 'run');
    expect(r.kind).toBe('run');
    expect(r.issues.map((i) => i.message)).toContain(
      'at CPU: expected no field "CPU" here (a typo, or a field of another config kind?)',
    );
  });
});
