import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigText } from '../../../core/config/config-check';
import { configJsonSchema } from '../../../core/config/config-kinds';
import { projectRoot } from '../../../core/util/paths';
import {
  applyField,
  fieldChoices,
  fieldText,
  formFields,
  type FormField,
} from '../../../core/views/config-form';
import {
  configText,
  nestingDepth,
  rangeOf,
  setValue,
  valueAt,
} from '../../../core/views/config-text';

const SPARSE = readFileSync(
  path.join(projectRoot(), 'test/fixtures/configs/perf_config_sparse.json'),
  'utf8',
);
const SWEEP = configText({
  version: 1,
  variants: [{ label: 'dense', model: 'm.onnx' }],
  engines: ['ort'],
  streams: [1, 2],
  threads: [2],
  seq: [64],
  batch: [1],
  niter: 10,
});

function field(kind: 'run' | 'sweep' | 'benchmark-app', label: string): FormField {
  const f = formFields(configJsonSchema(kind)).find((x) => x.label === label);
  if (!f) throw new Error(`no form field ${label} for ${kind}`);
  return f;
}

function edit(text: string, f: FormField, input: string | string[]): string {
  const r = applyField(text, f, input);
  if ('error' in r) throw new Error(r.error);
  return r.text;
}

/** The text differs from `before` only inside one span: what a minimal edit looks like. */
function changedSpan(before: string, after: string): string {
  let start = 0;
  while (before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && before.at(-1 - end) === after.at(-1 - end)) end++;
  return `${before.slice(start, before.length - end)} → ${after.slice(start, after.length - end)}`;
}

describe('form fields from the JSON Schema', () => {
  it('shows the common keys of each kind, typed by the schema', () => {
    const labels = (k: 'run' | 'sweep' | 'benchmark-app') =>
      formFields(configJsonSchema(k)).map((f) => `${f.path.join('.')}:${f.control}`);
    expect(labels('benchmark-app')).toEqual([
      'CPU.NUM_STREAMS:integer',
      'CPU.INFERENCE_NUM_THREADS:integer',
      'CPU.CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE:number',
    ]);
    expect(labels('sweep')).toEqual(
      expect.arrayContaining([
        'engines:choice-list',
        'streams:integer-list',
        'name:text',
        'time_s:number',
      ]),
    );
    expect(labels('run')).toEqual(
      expect.arrayContaining(['model:text', 'engine:choice', 'api:choice', 'streams:integer']),
    );
    const streams = field('benchmark-app', 'NUM_STREAMS');
    expect(streams).toMatchObject({ min: 1, max: 256, stringsAllowed: true });
    expect(streams.help).toMatch(/benchmark_app: -nstreams/);
    expect(field('run', 'streams').stringsAllowed).toBe(false);
  });
});

describe('form ↔ JSON', () => {
  it('reads the value the JSON holds, and follows JSON edits', () => {
    const streams = field('benchmark-app', 'NUM_STREAMS');
    expect(fieldText(SPARSE, streams)).toBe('4');
    expect(fieldText(SPARSE, field('benchmark-app', 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE'))).toBe(
      '0.75',
    );
    const edited = SPARSE.replace('"NUM_STREAMS": 4', '"NUM_STREAMS": 3');
    expect(fieldText(edited, streams)).toBe('3');
    expect(fieldText('{"CPU": {}}', streams)).toBe('');
    expect(fieldText(SWEEP, field('sweep', 'streams'))).toBe('1, 2');
    expect(fieldChoices(SWEEP, field('sweep', 'engines'))).toEqual(['ort']);
  });

  it('writes only the edited value, in the type the file uses', () => {
    const streams = field('benchmark-app', 'NUM_STREAMS');
    const rate = field('benchmark-app', 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE');
    expect(changedSpan(SPARSE, edit(SPARSE, streams, '2'))).toBe('4 → 2');
    expect(edit(SPARSE, rate, '0.5')).toBe(SPARSE.replace('"0.75"', '"0.5"'));
    expect(
      valueAt(edit(SPARSE, rate, '0.5'), ['CPU', 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE']),
    ).toBe('0.5');
    // A new benchmark_app key is written as a string, as benchmark_app writes them.
    expect(edit('{"CPU": {}}', streams, '2')).toBe('{"CPU": {"NUM_STREAMS": "2"}}');
    expect(edit('{}', streams, '2')).toBe('{"CPU": {"NUM_STREAMS": "2"}}');
    // An empty field removes the key (and its comma).
    expect(edit(SPARSE, rate, '')).toBe(
      SPARSE.replace(', "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"', ''),
    );
  });

  it('edits lists and choices of a sweep in place', () => {
    const after = edit(SWEEP, field('sweep', 'streams'), '1, 2, 4');
    expect(changedSpan(SWEEP, after)).toBe(' → , 4');
    expect(edit(SWEEP, field('sweep', 'engines'), ['ort', 'builtin'])).toContain(
      '"engines": ["ort", "builtin"],',
    );
    const named = edit(SWEEP, field('sweep', 'name'), 'grid');
    expect(named).toContain('"niter": 10,\n  "name": "grid"\n}');
  });

  it('refuses input it cannot write, leaving the text alone; the check judges the range', () => {
    const streams = field('benchmark-app', 'NUM_STREAMS');
    expect(applyField(SPARSE, streams, 'four')).toEqual({
      error: 'NUM_STREAMS: expected an integer, got "four"',
    });
    expect(applyField(SWEEP, field('sweep', 'streams'), '1, x')).toMatchObject({
      error: /a list such as 1, 2, 4/,
    });
    const tooMany = edit(SPARSE, streams, '9999');
    const check = checkConfigText(tooMany, { kind: null, source: 'perf.json', baseDir: '/' });
    expect(check.issues[0]!.message).toMatch(
      /at CPU\.NUM_STREAMS: expected an integer from 1 to 256/,
    );
    expect(tooMany.slice(check.issues[0]!.from, check.issues[0]!.to)).toBe('"NUM_STREAMS": 9999');
  });
});

describe('JSON text edits', () => {
  it('keeps CRLF line ends, indentation and everything around the edit', () => {
    const crlf = '{\r\n    "CPU": {\r\n        "NUM_STREAMS": "2"\r\n    }\r\n}\r\n';
    expect(setValue(crlf, ['CPU', 'INFERENCE_NUM_THREADS'], '2')).toBe(
      '{\r\n    "CPU": {\r\n        "NUM_STREAMS": "2",\r\n        "INFERENCE_NUM_THREADS": "2"\r\n    }\r\n}\r\n',
    );
    const pretty = '{\n  "version": 1,\n  "streams": [1, 2],\n  "niter": 5\n}\n';
    expect(setValue(pretty, ['version'], undefined)).toBe(
      '{\n  "streams": [1, 2],\n  "niter": 5\n}\n',
    );
    expect(setValue(pretty, ['niter'], undefined)).toBe(
      '{\n  "version": 1,\n  "streams": [1, 2]\n}\n',
    );
    expect(setValue(pretty, ['streams', 1], 4)).toBe(pretty.replace('[1, 2]', '[1, 4]'));
  });

  it('places a path at its key and value, or at the nearest parent that exists', () => {
    const at = (p: (string | number)[]) => {
      const r = rangeOf(SWEEP, p);
      return SWEEP.slice(r.from, r.to);
    };
    expect(at(['streams'])).toBe('"streams": [1, 2]');
    expect(at(['variants', 0, 'model'])).toBe('"model": "m.onnx"');
    expect(at(['variants', 0, 'overrides', 'sparse_rate'])).toBe('{');
    expect(at(['nope'])).toBe('{');
  });

  it('counts nesting without recursion and refuses to edit past the limit', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(nestingDepth(deep)).toBe(10_000);
    expect(valueAt(deep, [0])).toBeUndefined();
    expect(rangeOf(deep, [0])).toEqual({ from: 0, to: 1 });
    expect(() => setValue(deep, [0], 1)).toThrow(/nested deeper than 64 levels/);
  });

  it('writes new configs with short lists on one line', () => {
    expect(configText({ a: [1, 2], b: [{ c: 'x, y' }], d: ['p', 'q'] })).toBe(
      '{\n  "a": [1, 2],\n  "b": [\n    {\n      "c": "x, y"\n    }\n  ],\n  "d": ["p", "q"]\n}\n',
    );
  });
});
