import { describe, expect, it } from 'vitest';
import {
  configKnobs,
  dumpBenchmarkAppConfig,
  parseBenchmarkAppConfig,
  withKnobs,
} from '../../../core/config/benchmark-app-config';

/** The first seed, as DESIGN.md and the issue write it. */
const SEED_STRINGS =
  '{"CPU": {"NUM_STREAMS": "4", "INFERENCE_NUM_THREADS": "4", "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"}}';

/**
 * The bytes OpenVINO's sparse-weight notebook (seeds/000_*.txt) writes to perf_config_sparse.json:
 * a Python triple-quoted string whose lines sit 8 and 12 spaces in (the notebook's RST code block
 * adds 4 more, which are not part of the Python source), numbers as numbers, the rate a string.
 */
const SEED_NOTEBOOK_SPARSE =
  '\n        {\n            "CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4, "CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "0.75"}\n        }\n        ';
/** …and its dense twin perf_config.json. */
const SEED_NOTEBOOK_DENSE =
  '\n        {\n            "CPU": {"NUM_STREAMS": 4, "INFERENCE_NUM_THREADS": 4}\n        }\n        ';

describe('benchmark_app load_config', () => {
  it.each([
    ['strings', SEED_STRINGS],
    ['notebook sparse', SEED_NOTEBOOK_SPARSE],
    ['notebook dense', SEED_NOTEBOOK_DENSE],
    [
      'pretty',
      '{\n    "CPU": {\n        "NUM_STREAMS": "2",\n        "PERFORMANCE_HINT": "THROUGHPUT"\n    }\n}\n',
    ],
  ])('load → dump is byte-for-byte identical (%s)', (_name, text) => {
    expect(dumpBenchmarkAppConfig(parseBenchmarkAppConfig(text, 'seed.json'))).toBe(text);
  });

  it('keeps value types: numbers stay numbers, strings stay strings', () => {
    const c = parseBenchmarkAppConfig(SEED_NOTEBOOK_SPARSE);
    expect(c.devices[0]!.entries.map((e) => e.value)).toEqual([4, 4, '0.75']);
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
      '{"CPU": {"NUM_STREAMS": "2", "SNIPPETS_MODE": "DISABLE", "ENABLE_HYPER_THREADING": false, "INFERENCE_NUM_THREADS": "2"}, "GPU": {"NUM_STREAMS": 1}}\n',
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

  it('writes a new config in benchmark_app form with string values', () => {
    expect(
      dumpBenchmarkAppConfig(
        withKnobs({ devices: [] }, { streams: 4, threads: 4, sparseRate: 0.75 }),
      ),
    ).toBe(SEED_STRINGS + '\n');
    expect(
      dumpBenchmarkAppConfig(
        withKnobs(parseBenchmarkAppConfig(SEED_STRINGS), { sparseRate: null }),
      ),
    ).toBe('{"CPU": {"NUM_STREAMS": "4", "INFERENCE_NUM_THREADS": "4"}}\n');
  });

  it.each([
    ['', /perf\.json:1:1: expected a JSON object/],
    [
      '{"CPU": {"NUM_STREAMS": 4,}}',
      /perf\.json:1:27: expected a property name in quotes in device "CPU"/,
    ],
    ['{"CPU": {"NUM_STREAMS" 4}}', /perf\.json:1:24: expected ":" after "NUM_STREAMS"/],
    ['{"CPU": 4}', /expected an object of properties for device "CPU"/],
    ['{"CPU": {}}\n}', /perf\.json:2:1: expected nothing after the closing "\}"/],
    ['{"CPU": {"A": 1, "A": 2}}', /property "A" only once/],
    ['{"CPU": {"A": tru}}', /expected a value/],
  ])('refuses malformed text %j naming file, line and column', (text, message) => {
    expect(() => parseBenchmarkAppConfig(text, 'perf.json')).toThrow(message);
  });

  it.each([
    [
      '{"CPU": {"NUM_STREAMS": "AUTO"}}',
      /perf\.json: CPU\.NUM_STREAMS is "AUTO"; expected an integer from 1/,
    ],
    ['{"CPU": {"INFERENCE_NUM_THREADS": 0}}', /CPU\.INFERENCE_NUM_THREADS is 0/],
    ['{"CPU": {"CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE": "1.5"}}', /expected a number from 0 to 1/],
  ])('refuses out-of-range knob values %j', (text, message) => {
    expect(() => configKnobs(parseBenchmarkAppConfig(text, 'perf.json'), 'perf.json')).toThrow(
      message,
    );
  });
});
