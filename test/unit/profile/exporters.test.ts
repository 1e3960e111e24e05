import { describe, expect, it } from 'vitest';
import { importProfileFile, importProfileText } from '../../../core/profile/importers/registry';
import { checkChromeTrace, toChromeTrace } from '../../../core/profile/exporters/chrome-trace';
import { toCountersCsv } from '../../../core/profile/exporters/counters-csv';
import { toNetronMetrics } from '../../../core/profile/exporters/netron-metrics';
import { mapToOriginals } from '../../../core/profile/runtime-mapping';
import type { Graph, Node } from '../../../core/model/graph';
import path from 'node:path';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/profiles');

describe('exports', () => {
  it('Chrome trace: complete events with name, cat, ts, dur, pid, tid, args; passes the structural check', async () => {
    const { profile } = await importProfileFile(path.join(FIXTURES, 'ort-tiny-seq16-3runs.json'));
    const trace = toChromeTrace(profile);
    expect(checkChromeTrace(JSON.parse(JSON.stringify(trace)))).toEqual([]);
    const complete = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(complete.length).toBe(profile.timeline!.events.length);
    expect(complete[0]).toMatchObject({ cat: expect.any(String), pid: 1, tid: 1 });
    expect(trace.traceEvents.some((e) => e.ph === 'M' && e.name === 'thread_name')).toBe(true);
    // A profile without a timeline still exports (nodes end to end, by mean time).
    const counters = (
      await importProfileFile(path.join(FIXTURES, 'benchmark-app-pcsort-python.log'))
    ).profile;
    expect(counters.timeline).toBeNull();
    expect(checkChromeTrace(toChromeTrace(counters))).toEqual([]);
    expect(
      checkChromeTrace({ traceEvents: [{ name: '', ph: 'X', ts: -1, pid: 'a', tid: 0 }] }),
    ).toEqual([
      'traceEvents[0]: name must be a non-empty string',
      'traceEvents[0]: pid and tid must be integers',
      'traceEvents[0]: ts must be a number ≥ 0',
      'traceEvents[0]: dur must be a number ≥ 0',
      'traceEvents[0]: cat must be a string',
    ]);
  });

  it('counters CSV reads back through the counters importer with the same nodes and total', async () => {
    const { profile } = await importProfileFile(
      path.join(FIXTURES, 'benchmark_average_counters_report.csv'),
    );
    const again = importProfileText(toCountersCsv(profile), {
      fileName: 'benchmark_average_counters_report.csv',
      fallbackTimestamp: profile.created_at,
    }).profile;
    expect(again.nodes.map((n) => [n.name, n.status, n.op_type, n.kernel.exec_type])).toEqual(
      profile.nodes.map((n) => [n.name, n.status, n.op_type, n.kernel.exec_type]),
    );
    expect(again.total_us).toBeCloseTo(profile.total_us, 3);
  });

  it('Netron attachment: signature and node metrics keyed by original node names', async () => {
    const { profile } = await importProfileFile(
      path.join(FIXTURES, 'openvino-exec-graph-mini.xml'),
    );
    const a = toNetronMetrics(profile);
    expect(a.signature).toBe('netron:attachment');
    const gelu = a.metrics.filter((m) => m.target === 'layer0/ffn/gelu/Mul_1');
    expect(gelu.map((m) => m.name)).toEqual(
      expect.arrayContaining(['time (ms)', 'time share', 'kernel', 'runtime node']),
    );
    expect(a.metrics.every((m) => m.kind === 'node' && typeof m.target === 'string')).toBe(true);
  });
});

describe('runtime → original mapping', () => {
  const node = (name: string, opType: string, inputs: string[], outputs: string[]): Node => ({
    id: name,
    name,
    opType,
    domain: '',
    attributes: {},
    inputs,
    outputs,
  });
  // x → MatMul(W) → Add(b) → Div → Erf → Add1 → Mul(x) → Mul(0.5) → y, then Shape → Reshape
  const graph = {
    name: 'g',
    nodes: [
      node('mm', 'MatMul', ['x', 'W'], ['h']),
      node('bias', 'Add', ['h', 'b'], ['hb']),
      node('div', 'Div', ['hb', 'sqrt2'], ['d']),
      node('erf', 'Erf', ['d'], ['e']),
      node('add1', 'Add', ['e', 'one'], ['e1']),
      node('mul', 'Mul', ['hb', 'e1'], ['m']),
      node('half', 'Mul', ['m', 'h5'], ['y']),
      node('shape', 'Shape', ['y'], ['s']),
      node('reshape', 'Reshape', ['y', 's'], ['z']),
    ],
    inputs: [],
    outputs: [],
    valueInfo: new Map(),
    initializers: new Map(),
  } as unknown as Graph;

  it('a fused node covers the originals between its inputs and outputs; folded ones are unmapped', () => {
    const m = mapToOriginals(graph, [
      { name: 'mm', inputs: ['x', 'W'], outputs: ['h'] },
      { name: 'BiasGelu', inputs: ['h', 'b'], outputs: ['y'] },
      { name: 'reshape', inputs: ['y', 's'], outputs: ['z'] },
      { name: 'Reorder_0', inputs: ['z'], outputs: ['z2'] },
    ]);
    expect(m.originals).toEqual([
      ['mm'],
      ['bias', 'div', 'erf', 'add1', 'mul', 'half'],
      ['reshape'],
      [],
    ]);
    expect(m.unmapped).toEqual([{ name: 'shape', op_type: 'Shape' }]);
  });
});
