import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../core/api/errors';
import { profileFileSchema } from '../../../core/api/schemas/profile';
import { importProfileFile, importProfileText } from '../../../core/profile/importers/registry';
import { openvinoKernel, openvinoStatus } from '../../../core/profile/importers/openvino-kernel';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/profiles');
const fixture = (name: string) => path.join(FIXTURES, name);
const text = (name: string) => readFileSync(fixture(name), 'utf8');

/** Σ of every "Total" row's real time in a counters CSV (the file's own totals). */
function csvTotals(name: string): number[] {
  return text(name)
    .split('\n')
    .filter((l) => l.startsWith('Total;'))
    .map((l) => Number(l.split(';')[4]));
}

describe('ORT profiler JSON', () => {
  it('imports a real trace: total_us is the sum of its *_kernel_time durations, runs from model_run', async () => {
    const events = JSON.parse(text('ort-tiny-seq16-3runs.json')) as { name: string; dur: number }[];
    const kernelUs = events
      .filter((e) => e.name.endsWith('_kernel_time'))
      .reduce((a, e) => a + e.dur, 0);
    const { importer, profile } = await importProfileFile(fixture('ort-tiny-seq16-3runs.json'));
    expect(importer).toBe('ort-json');
    expect(profileFileSchema.safeParse(profile).success).toBe(true);
    expect(profile.total_us).toBeCloseTo(kernelUs, 6);
    expect(profile.iterations).toBe(3);
    expect(profile.latency_ms.median).not.toBeNull();
    expect(profile.engine).toBe('ort');
    // Every node ran in every run: three samples each.
    expect(profile.nodes.every((n) => n.time_ms.count === 3)).toBe(true);
    const matmul = profile.nodes.find((n) => n.op_type === 'MatMul')!;
    expect(matmul.kernel).toMatchObject({ impl: 'dense', precision: 'fp32', tier: 'CPU' });
    expect(matmul.inputs[0]!.shape).toEqual([1, 16, 64]);
    expect(matmul.flops).toBeGreaterThan(0);
    expect(profile.timeline?.kind).toBe('measured');
    expect(profile.by_op_type.reduce((a, r) => a + r.total_us, 0)).toBeCloseTo(kernelUs, 6);
  });

  it('reads the {"traceEvents": [...]} form', async () => {
    const { profile } = await importProfileFile(fixture('ort-trace-events-wrapped.json'));
    const doc = JSON.parse(text('ort-trace-events-wrapped.json')) as {
      traceEvents: { name: string; dur: number }[];
    };
    expect(profile.iterations).toBe(1);
    expect(profile.total_us).toBeCloseTo(
      doc.traceEvents.filter((e) => e.name.endsWith('_kernel_time')).reduce((a, e) => a + e.dur, 0),
      6,
    );
  });

  it('counts runs by appearance when a trace has no model_run events', () => {
    const ev = (name: string, ts: number, dur: number) => ({
      cat: 'Node',
      ph: 'X',
      name: `${name}_kernel_time`,
      ts,
      dur,
      args: { op_name: 'Add' },
    });
    const { profile } = importProfileText(
      JSON.stringify([ev('a', 0, 5), ev('b', 5, 7), ev('a', 20, 3), ev('b', 23, 9)]),
      {
        fileName: 'x.json',
        fallbackTimestamp: '2026-01-01T00:00:00.000Z',
      },
    );
    expect(profile.iterations).toBe(2);
    expect(profile.node_sum_ms).toBeCloseTo(0.012, 9);
    expect(profile.nodes.find((n) => n.name === 'b')!.time_ms).toMatchObject({
      min: 0.007,
      max: 0.009,
      count: 2,
    });
  });
});

describe('benchmark_app counters', () => {
  it('detailed CSV: one node sample per request block; totals equal the Total rows', async () => {
    const { importer, profile } = await importProfileFile(
      fixture('benchmark_detailed_counters_report.csv'),
    );
    expect(importer).toBe('benchmark_app-counters-csv');
    const totals = csvTotals('benchmark_detailed_counters_report.csv');
    expect(totals).toHaveLength(2);
    expect(profile.iterations).toBe(2);
    expect(profile.total_us / 1000).toBeCloseTo(totals[0]! + totals[1]!, 9);
    expect(profile.node_sum_ms).toBeCloseTo((totals[0]! + totals[1]!) / 2, 9);
    const fc = profile.nodes.find((n) => n.op_type === 'FullyConnected')!;
    expect(fc.kernel).toEqual({
      impl: 'dense',
      precision: 'bf16',
      tier: 'brgemm_avx512_amx',
      exec_type: 'brgemm_avx512_amx_bf16',
    });
    expect(fc.status).toBe('executed');
    expect(profile.nodes.some((n) => n.status === 'not_run')).toBe(true);
    expect(profile.engine).toBe('openvino');
  });

  it('average CSV and the C++ spelling (EXECUTED, six decimals, trailing ";") read the same way', async () => {
    const avg = (await importProfileFile(fixture('benchmark_average_counters_report.csv'))).profile;
    expect(avg.iterations).toBe(1);
    expect(avg.total_us / 1000).toBeCloseTo(
      csvTotals('benchmark_average_counters_report.csv')[0]!,
      9,
    );
    expect(avg.notes.join(' ')).toMatch(/averaged over infer requests/);
    const py = (await importProfileFile(fixture('benchmark_detailed_counters_report.csv'))).profile;
    const cpp = (await importProfileFile(fixture('benchmark_detailed_counters_report-cpp.csv')))
      .profile;
    expect(cpp.total_us).toBeCloseTo(py.total_us, 6);
    expect(cpp.nodes.map((n) => [n.name, n.status, n.time_ms.mean])).toEqual(
      py.nodes.map((n) => [n.name, n.status, n.time_ms.mean]),
    );
  });

  it('detailed JSON: totals equal total_real_time of every request', async () => {
    const doc = JSON.parse(text('benchmark_detailed_counters_report.json')) as {
      detailed_performance: { total_real_time: string }[];
    };
    const { importer, profile } = await importProfileFile(
      fixture('benchmark_detailed_counters_report.json'),
    );
    expect(importer).toBe('benchmark_app-counters-json');
    const total = doc.detailed_performance.reduce((a, r) => a + Number(r.total_real_time), 0);
    expect(profile.total_us / 1000).toBeCloseTo(total, 9);
    expect(profile.iterations).toBe(doc.detailed_performance.length);
  });

  it('-pc console table amid a whole benchmark_app log: totals equal "Total time"', async () => {
    const { importer, profile } = await importProfileFile(fixture('benchmark-app-pc-python.log'));
    expect(importer).toBe('benchmark_app-pc');
    const total = Number(
      /Total time:\s+(\S+) milliseconds/.exec(text('benchmark-app-pc-python.log'))![1],
    );
    expect(profile.total_us / 1000).toBeCloseTo(total, 9);
    expect(profile.iterations).toBe(1);
    // The console cuts long names; repeated cut names stay distinct.
    expect(new Set(profile.nodes.map((n) => n.name)).size).toBe(profile.nodes.length);
    expect(profile.notes.join(' ')).toMatch(/cuts long layer names/);
  });

  it('-pcsort tables, Python and C++, agree', async () => {
    const py = (await importProfileFile(fixture('benchmark-app-pcsort-python.log'))).profile;
    const cpp = (await importProfileFile(fixture('benchmark-app-pcsort-cpp.log'))).profile;
    const total = Number(
      /Total time:\s+(\S+) milliseconds/.exec(text('benchmark-app-pcsort-python.log'))![1],
    );
    expect(py.total_us / 1000).toBeCloseTo(total, 9);
    expect(cpp.total_us).toBeCloseTo(py.total_us, 6);
    expect(py.notes.join(' ')).toMatch(/sorted by time/);
    expect(py.timeline).toBeNull();
  });
});

describe('OpenVINO execution graph', () => {
  it('imports execTimeMcs, originalLayersNames, primitiveType, runtimePrecision in execOrder', async () => {
    const xml = text('openvino-exec-graph-mini.xml');
    const sumUs = [...xml.matchAll(/execTimeMcs="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);
    const { importer, profile } = await importProfileFile(fixture('openvino-exec-graph-mini.xml'));
    expect(importer).toBe('openvino-exec-graph');
    expect(profile.total_us).toBe(sumUs);
    const fused = profile.nodes.find((n) => n.originals.includes('layer0/ffn/gelu/Mul_1'))!;
    expect(fused.originals).toEqual(['layer0/ffn/intermediate/MatMul', 'layer0/ffn/gelu/Mul_1']);
    expect(fused.kernel.exec_type).toBe('brgemm_avx512_amx_bf16');
    // Execution order: the first executed layer comes before the last.
    const executed = profile.nodes.filter((n) => n.status === 'executed');
    expect(executed[0]!.order).toBeLessThan(executed.at(-1)!.order);
    expect(profile.runtime_graph?.kind).toBe('openvino-exec-graph');
    const ports = profile.nodes.find((n) => n.op_type === 'FullyConnected')!;
    expect(ports.inputs[0]).toEqual({ dtype: 'bfloat16', shape: [1, 64, 256] });
  });
});

describe('OpenVINO words', () => {
  it('splits execType into implementation, precision and ISA; knows the sparse primitive', () => {
    expect(openvinoKernel('brgemm_avx512_amx_sparse_i8', 'FullyConnected')).toEqual({
      impl: 'sparse',
      precision: 'int8',
      tier: 'brgemm_avx512_amx',
      exec_type: 'brgemm_avx512_amx_sparse_i8',
    });
    expect(openvinoKernel('jit_avx512_f32', 'MVN')).toMatchObject({
      impl: null,
      precision: 'fp32',
      tier: 'jit_avx512',
    });
    expect(openvinoKernel('undef', 'Multiply', 'f32')).toMatchObject({
      precision: 'fp32',
      tier: null,
    });
    expect(openvinoStatus('Status.OPTIMIZED_OUT')).toBe('optimized_out');
    expect(openvinoStatus('EXECUTED')).toBe('executed');
    expect(openvinoStatus('ok')).toBeNull();
  });
});

describe('registry', () => {
  const ctx = { fileName: 'notes.txt', fallbackTimestamp: '2026-01-01T00:00:00.000Z' };

  it('names every importer and why it declined a file nothing reads', () => {
    try {
      importProfileText('just some prose\n', ctx);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      const e = err as UserError;
      expect(e.message).toBe('notes.txt: not a profile SparseScope can import.');
      expect(e.detail).toMatch(/ONNX Runtime profiler JSON: not JSON/);
      expect(e.detail).toMatch(/execution graph XML: no <net> element/);
    }
  });

  it("a broken file of one recognised format gets that format's message: file, place, expectation", () => {
    const bad = text('benchmark_detailed_counters_report.csv').replace(
      'Status.EXECUTED',
      'Status.MAYBE',
    );
    expect(() => importProfileText(bad, { ...ctx, fileName: 'r.csv' })).toThrow(
      /^r\.csv, line \d+, execStatus: expected EXECUTED, NOT_RUN or OPTIMIZED_OUT/,
    );
    expect(() =>
      importProfileText('[{"cat": "Node", "name": "a_kernel_time", "ts": 1, "dur": -3}]', {
        ...ctx,
        fileName: 'p.json',
      }),
    ).toThrow(/^p\.json, event 0 \("a_kernel_time"\)\.dur: expected a number of µs from 0 to 10¹²/);
    expect(() =>
      importProfileText(
        '<net><layers><layer id="0" name="x" type="Add"><data execTimeMcs="12ms"/></layer></layers></net>',
        { ...ctx, fileName: 'g.xml' },
      ),
    ).toThrow(
      /^g\.xml, layer 0 "x" \(line 1\), execTimeMcs: expected a whole number of µs or "not_executed"/,
    );
  });

  it('an OpenVINO model IR is not mistaken for an execution graph', async () => {
    await expect(
      importProfileFile(
        path.join(import.meta.dirname, '../../fixtures/openvino-ir/matmul-add-v11.xml'),
      ),
    ).rejects.toThrow(/not a profile SparseScope can import/);
  });
});
