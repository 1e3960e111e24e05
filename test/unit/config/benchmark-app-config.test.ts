import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configKnobs,
  dumpBenchmarkAppConfig,
  parseBenchmarkAppConfig,
  withKnobs,
} from '../../../core/config/benchmark-app-config';
import { projectRoot } from '../../../core/util/paths';

/** The first seed, as DESIGN.md and the issue write it. */
const SEED_STRINGS =
  '{"CPU": {"NUM_STREAMS": "4", "INFERENCE_NUM_THREADS": "4", "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"}}';

/** The notebook's two files (seeds/000_*.txt), byte for byte: test/fixtures/configs/README.md. */
const fixture = (name: string) =>
  readFileSync(path.join(projectRoot(), 'test/fixtures/configs', name), 'utf8');
const SEED_NOTEBOOK_SPARSE = fixture('perf_config_sparse.json');
const SEED_NOTEBOOK_DENSE = fixture('perf_config.json');

describe('benchmark_app load_config', () => {
  it('has the notebook bytes in its fixtures', () => {
    expect(SEED_NOTEBOOK_DENSE).toBe(
      '\n        {\n            "CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4}\n        }\n        ',
    );
    expect(SEED_NOTEBOOK_SPARSE).toContain('"CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"}');
  });

  it.each([
    ['strings', SEED_STRINGS],
    ['notebook sparse', SEED_NOTEBOOK_SPARSE],
    ['notebook dense', SEED_NOTEBOOK_DENSE],
    [
      'pretty',
      '{\n    "CPU": {\n        "NUM_STREAMS": "2",\n        "PERFORMANCE_HINT": "THROUGHPUT"\n    }\n}\n',
    ],
    ['CRLF and a BOM', '\uFEFF{\r\n  "CPU": {"NUM_STREAMS": 1}\r\n}\r\n'],
  ])('load → dump is byte-for-byte identical (%s)', (_name, text) => {
    expect(dumpBenchmarkAppConfig(parseBenchmarkAppConfig(text, 'seed.json'))).toBe(text);
  });

  it.each([
    ['notebook dense', SEED_NOTEBOOK_DENSE],
    ['notebook sparse', SEED_NOTEBOOK_SPARSE],
  ])('round-trips the %s seed through a knob change and back', (_name, text) => {
    const changed = withKnobs(parseBenchmarkAppConfig(text), { streams: 2 });
    expect(changed.text).toBe(text.replace('"NUM_STREAMS": 4', '"NUM_STREAMS": 2'));
    expect(withKnobs(changed, { streams: 4 }).text).toBe(text);
  });

  it('keeps value types: numbers stay numbers, strings stay strings', () => {
    const c = parseBenchmarkAppConfig(SEED_NOTEBOOK_SPARSE);
    expect(Object.values(c.doc.CPU!)).toEqual([4, 4, '0.75']);
    expect(configKnobs(c)).toEqual({ streams: 4, threads: 4, sparseRate: 0.75, passedThrough: [] });
    expect(configKnobs(parseBenchmarkAppConfig(SEED_STRINGS))).toEqual({
      streams: 4,
      threads: 4,
      sparseRate: 0.75,
      passedThrough: [],
    });
  });

  it('reports unknown properties and other devices as passed through, and keeps them', () => {
    const text =
      '{"CPU": {"NUM_STREAMS": "2", "SNIPPETS_MODE": "DISABLE", "ENABLE_HYPER_THREADING": false}, "GPU": {"NUM_STREAMS": 1}}';
    const c = parseBenchmarkAppConfig(text);
    expect(configKnobs(c).passedThrough).toEqual([
      'CPU.SNIPPETS_MODE="DISABLE"',
      'CPU.ENABLE_HYPER_THREADING=false',
      'GPU.NUM_STREAMS=1',
    ]);
    expect(dumpBenchmarkAppConfig(withKnobs(c, { streams: 2, threads: 2 }))).toBe(
      '{"CPU": {"NUM_STREAMS": "2", "SNIPPETS_MODE": "DISABLE", "ENABLE_HYPER_THREADING": false, "INFERENCE_NUM_THREADS": "2"}, "GPU": {"NUM_STREAMS": 1}}',
    );
  });

  it('splices a changed value in place, keeping its type and the layout', () => {
    const c = withKnobs(parseBenchmarkAppConfig(SEED_NOTEBOOK_SPARSE), {
      streams: 2,
      threads: 4,
      sparseRate: 0.5,
    });
    expect(dumpBenchmarkAppConfig(c)).toBe(
      SEED_NOTEBOOK_SPARSE.replace('"NUM_STREAMS": 4', '"NUM_STREAMS": 2').replace(
        '"0.75"',
        '"0.5"',
      ),
    );
  });

  it('writes a new config in benchmark_app form with string values, and removes a knob', () => {
    expect(
      dumpBenchmarkAppConfig(withKnobs(null, { streams: 4, threads: 4, sparseRate: 0.75 })),
    ).toBe(SEED_STRINGS + '\n');
    expect(
      dumpBenchmarkAppConfig(
        withKnobs(parseBenchmarkAppConfig(SEED_STRINGS), { sparseRate: null }),
      ),
    ).toBe('{"CPU": {"NUM_STREAMS": "4", "INFERENCE_NUM_THREADS": "4"}}');
  });

  it.each([
    ['', /perf\.json, line 1, column 1: expected a JSON value, got nothing/],
    [
      '{"CPU": {"NUM_STREAMS": 4,}}',
      /perf\.json, line 1, column 27: expected a key in double quotes/,
    ],
    ['{"CPU": {"NUM_STREAMS" 4}}', /perf\.json, line 1, column 24: expected ":" after the key/],
    ['{"CPU": 4}', /at CPU: expected an object of CPU properties/],
    ['{"CPU": {}}\n}', /perf\.json, line 2, column 1: expected the end of the JSON text/],
    ['{"CPU": {"A": 1, "A": 2}}', /at CPU\.A: expected "A" only once in this object/],
    ['{"CPU": {"A": tru}}', /expected a value/],
    ['[]', /expected a JSON object of devices/],
  ])('refuses malformed text %j naming file, place and expectation', (text, message) => {
    expect(() => parseBenchmarkAppConfig(text, 'perf.json')).toThrow(message);
  });

  it.each([
    [
      '{"CPU": {"NUM_STREAMS": "AUTO"}}',
      /perf\.json, at CPU\.NUM_STREAMS: expected an integer from 1 to 256.*got "AUTO"/,
    ],
    [
      '{"CPU": {"INFERENCE_NUM_THREADS": 0}}',
      /at CPU\.INFERENCE_NUM_THREADS: expected an integer from 1/,
    ],
    ['{"CPU": {"CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "1.5"}}', /expected a number from 0 to 1/],
    [
      '{"CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": "2"}}',
      /INFERENCE_NUM_THREADS ≥ NUM_STREAMS/,
    ],
    ['{"CPU": {"PERFORMANCE_HINT": "FAST"}}', /"LATENCY", "THROUGHPUT", "CUMULATIVE_THROUGHPUT"/],
  ])('refuses out-of-range knob values %j', (text, message) => {
    expect(() => parseBenchmarkAppConfig(text, 'perf.json')).toThrow(message);
  });
});
