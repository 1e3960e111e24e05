import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { importResultFile, importResultText } from '../../../core/bench/import/registry';
import { benchResultSchema } from '../../../core/api/schemas/bench-result';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/imports');
const fixture = (name: string) => path.join(FIXTURES, name);
const ctx = (fileName: string) => ({ fileName, fallbackTimestamp: '2026-01-01T00:00:00.000Z' });

async function rejection(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a rejection');
}

describe('benchmark_app console log', () => {
  it('reads both runs of the sparsity notebook with the figures as printed', async () => {
    const imported = await importResultFile(fixture('benchmark-app-sparsity.log'));
    expect(imported.importer).toBe('benchmark_app-log');
    expect(imported.results).toHaveLength(2);
    const [dense, sparse] = imported.results;
    for (const r of imported.results) expect(benchResultSchema.safeParse(r).success).toBe(true);

    expect(dense).toMatchObject({
      source: 'benchmark_app',
      engine: 'openvino',
      engine_version: '2023.1.0-12185-9e6b00e51cd-releases/2023/1',
      machine: null,
      count: 9116,
      duration_ms: 60051.84,
      throughput_fps: 151.8,
      first_inference_ms: 28.5,
      load_ms: 970.05,
      latency_ms: { median: 26.14, avg: 26.19, min: 24.91, max: 41.99, p90: null, p99: null },
      config: {
        streams: 4,
        threads: 4,
        nireq: 4,
        api: 'async',
        batch: 1,
        seq: 64,
        shapes: { input_ids: [1, 64], attention_mask: [1, 64], token_type_ids: [1, 64] },
        sparse_rate: 1,
        time_s: 60,
        niter: null,
        warmup: null,
      },
      model: { path: null, sha256: null, variant: null },
    });
    expect(dense!.notes).toContain('PERFORMANCE_HINT: PerformanceMode.THROUGHPUT');
    expect(dense!.notes).toContain('read model took 77.13 ms');

    expect(sparse).toMatchObject({
      count: 9128,
      duration_ms: 60046.44,
      throughput_fps: 152.02,
      first_inference_ms: 29.52,
      load_ms: 903.83,
      latency_ms: { median: 26.15, avg: 26.18, min: 25.14, max: 42.73 },
      config: { streams: 4, threads: 4, sparse_rate: 0.75, seq: 64 },
    });
  });

  it('reads the mobilenet run (4-D input, no seq) and stamps the file time', async () => {
    const { results } = await importResultFile(fixture('benchmark-app-mobilenet.log'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      engine_version: '2023.2.0-13089-cfd42bd2cb0-HEAD',
      count: 20220,
      duration_ms: 15004.83,
      throughput_fps: 1347.57,
      latency_ms: { median: 4.31, avg: 4.31, min: 2.78, max: 13.27 },
      config: {
        streams: 6,
        threads: 24,
        nireq: 6,
        time_s: 15,
        shapes: { data: [1, 3, 224, 224] },
        seq: null,
      },
    });
    expect(Number.isNaN(Date.parse(results[0]!.timestamp))).toBe(false);
  });

  it('refuses a run that stopped before its statistics, naming the error line', async () => {
    const err = await rejection(importResultFile(fixture('benchmark-app-crashed.log')));
    expect(err.message).toContain('benchmark-app-crashed.log');
    expect(err.message).toContain('"Throughput: X FPS" line: the run did not finish');
    expect(err.detail).toContain('line 9: Exception from src/inference/src/core.cpp:116');
  });

  it('names the line of a figure that is not a number', () => {
    const text =
      '[Step 1/11] Parsing\n[ INFO ] Count:  12 iterations\n[ INFO ] Duration:  abc ms\n[ INFO ] Throughput: 5 FPS\n';
    expect(() => importResultText(text, ctx('bad.log'))).toThrowError(
      /bad\.log, line 3: expected a number for the duration/,
    );
  });

  it('reads percentile latencies into p90/p99', () => {
    const text = [
      '[Step 1/11] Parsing and validating input arguments',
      '[ INFO ] Count:            100 iterations',
      '[ INFO ] Duration:         1000.00 ms',
      '[ INFO ] Latency:',
      '[ INFO ]    90 percentile:     12.50 ms',
      '[ INFO ]    Average:       10.00 ms',
      '[ INFO ] Throughput:   100.00 FPS',
    ].join('\n');
    const [r] = importResultText(text, ctx('p90.log')).results;
    expect(r!.latency_ms).toMatchObject({ p90: 12.5, avg: 10, median: null });
  });
});

describe('benchmark_app report files', () => {
  it('reads the Python-style benchmark_report.csv', async () => {
    const imported = await importResultFile(fixture('benchmark-app-report-python.csv'));
    expect(imported.importer).toBe('benchmark_app-csv');
    expect(imported.results[0]).toMatchObject({
      engine: 'openvino',
      engine_version: null,
      model: { path: 'bert_80pc_sparse_quantized_ir/openvino_model.xml' },
      count: 9116,
      duration_ms: 60051.84,
      throughput_fps: 151.8,
      first_inference_ms: 28.5,
      load_ms: 970.05,
      latency_ms: { median: 26.14, avg: 26.19, min: 24.91, max: 41.99 },
      config: {
        streams: 4,
        nireq: 4,
        api: 'async',
        batch: 1,
        seq: 64,
        time_s: 60,
        niter: null,
        threads: null,
        sparse_rate: null,
      },
    });
  });

  it('reads the C++-style benchmark_report.csv (6-decimal figures)', async () => {
    const { results } = await importResultFile(fixture('benchmark-app-report-cpp.csv'));
    expect(results[0]).toMatchObject({
      count: 20220,
      duration_ms: 15004.83,
      throughput_fps: 1347.57,
      first_inference_ms: 6.27,
      load_ms: 157.59,
      latency_ms: { median: 4.31, avg: 4.31, min: 2.78, max: 13.27 },
      config: { streams: 6, nireq: 6, time_s: 15, batch: 1 },
    });
  });

  it('reads the -json_stats benchmark_report.json', async () => {
    const imported = await importResultFile(fixture('benchmark-app-report.json'));
    expect(imported.importer).toBe('benchmark_app-json');
    expect(imported.results[0]).toMatchObject({
      count: 9128,
      duration_ms: 60046.44,
      throughput_fps: 152.02,
      first_inference_ms: 29.52,
      load_ms: 903.83,
      latency_ms: { median: 26.15, avg: 26.18, min: 25.14, max: 42.73 },
      config: { streams: 4, nireq: 4, api: 'async', batch: 1, seq: 64, time_s: 60 },
    });
  });

  it('names the key of a bad value in a report', () => {
    const text = JSON.stringify({ execution_results: { throughput: 'fast' } });
    expect(() => importResultText(text, ctx('r.json'))).toThrowError(
      'r.json, execution_results.throughput: expected a number for the throughput',
    );
  });

  it('refuses a CSV row outside any section', () => {
    const text = 'Execution results\nthroughput;1\n\nstray row;2\n';
    expect(() => importResultText(text, ctx('r.csv'))).toThrowError(
      'r.csv, line 4: expected a section title',
    );
  });
});

describe('DeepSparse export', () => {
  it('reads deepsparse.benchmark --export_path JSON', async () => {
    const imported = await importResultFile(fixture('deepsparse-bert-async.json'));
    expect(imported.importer).toBe('deepsparse-json');
    expect(imported.results[0]).toMatchObject({
      source: 'deepsparse',
      engine: 'deepsparse',
      engine_version: '0.10.0',
      model: {
        path: 'zoo:nlp/question_answering/bert-base/pytorch/huggingface/squad/pruned_3layers-aggressive_83',
      },
      count: 840,
      duration_ms: null,
      throughput_fps: 83.5037,
      latency_ms: { median: 107.0099, avg: 107.3422, min: null, max: null, p90: null, p99: null },
      config: { streams: 9, threads: 18, batch: 1, api: 'async', time_s: 10 },
      machine: null,
    });
    expect(imported.results[0]!.notes).toContain('latency std: 12.4016 ms');
  });

  it('reads seconds_ran and percentiles when the export has them', () => {
    const text = JSON.stringify({
      engine: 'deepsparse.engine.Engine',
      version: '1.5.0',
      batch_size: 2,
      num_cores: 4,
      scenario: 'sync',
      seconds_to_run: 5,
      num_streams: 1,
      benchmark_result: {
        items_per_sec: 40,
        seconds_ran: 5.01,
        iterations: 100,
        median: 50,
        mean: 51,
        std: 2,
        '90.0%': 55,
        '99.0%': 60,
      },
    });
    const [r] = importResultText(text, ctx('ds.json')).results;
    expect(r).toMatchObject({
      duration_ms: 5010,
      latency_ms: { p90: 55, p99: 60 },
      config: { api: 'sync', threads: 4, batch: 2 },
    });
  });
});

describe('detection', () => {
  it('lists why every importer declined an unrecognised file', async () => {
    const err = await rejection(importResultFile(fixture('not-a-result.txt')));
    expect(err.message).toMatch(/not-a-result\.txt: not a result file SparseScope can import/);
    for (const label of [
      'benchmark_app console log',
      'benchmark_report.csv',
      'benchmark_report.json',
      'DeepSparse',
    ])
      expect(err.detail).toContain(label);
  });

  it('detects by content, not by extension', () => {
    const text = 'Execution results\nthroughput;12.5\n';
    expect(importResultText(text, ctx('report.txt')).importer).toBe('benchmark_app-csv');
  });

  it('refuses a missing file and a binary file clearly', async () => {
    expect((await rejection(importResultFile(fixture('nope.log')))).message).toMatch(
      /no such file/,
    );
    const bin = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-')), 'model.bin');
    writeFileSync(bin, Buffer.from([0x08, 0x00, 0x12, 0x00]));
    expect((await rejection(importResultFile(bin))).detail).toMatch(/binary/);
  });
});
