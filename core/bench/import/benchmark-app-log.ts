import type { BenchResult } from '../../api/schemas/bench-result';
import {
  blankResult,
  checkResult,
  importError,
  parseDecimal,
  parsePositiveInt,
  parseShapeList,
  seqFromShapes,
} from './import-common';
import type { ImportContext, ResultImporter } from './result-importer';

/**
 * OpenVINO benchmark_app's console output (C++ and Python builds print the same lines):
 * "[Step 1/11] …" headers, "[ INFO ] NUM_STREAMS: 4" properties, and the statistics block
 * "Count: N iterations", "Duration: X ms", "Latency: Median/Average/Min/Max", "Throughput: X FPS".
 * A log may hold several runs back to back (a notebook's output); each "[Step 1/…]" starts one.
 */

interface Line {
  no: number;
  level: string | null;
  text: string;
}

const STEP_RE = /^\[Step (\d+)\/(\d+)\]\s*(.*)$/;
const LEVEL_RE = /^\[\s*(INFO|WARNING|WARN|ERROR|DEBUG|SUCCESS)\s*\]\s?(.*)$/;

function splitLines(text: string): Line[] {
  return text.split(/\r?\n/).map((raw, i) => {
    const trimmed = raw.trim();
    const m = LEVEL_RE.exec(trimmed);
    return { no: i + 1, level: m ? m[1]! : null, text: (m ? m[2]! : trimmed).trim() };
  });
}

/** Group lines into runs: each "[Step 1/N]" begins a run; a log without steps is one run. */
function splitRuns(lines: Line[]): Line[][] {
  const runs: Line[][] = [];
  let current: Line[] | null = null;
  for (const line of lines) {
    const step = STEP_RE.exec(line.text);
    if (step && step[1] === '1') {
      current = [];
      runs.push(current);
    }
    current?.push(line);
  }
  if (runs.length === 0) runs.push(lines);
  return runs;
}

function parseRun(lines: Line[], ctx: ImportContext, runNo: number, runCount: number): BenchResult {
  const r = blankResult('benchmark_app', 'openvino', ctx);
  const first = lines[0]?.no ?? 1;
  const where = (line: Line) => `${runCount > 1 ? `run ${runNo}, ` : ''}line ${line.no}`;
  const num = (line: Line, text: string, what: string): number => {
    const n = parseDecimal(text);
    if (n === null) throw importError(ctx, where(line), `a number for ${what}`, `got "${text}"`);
    return n;
  };
  const int = (line: Line, text: string, what: string): number => {
    const n = parsePositiveInt(text);
    if (n === null)
      throw importError(ctx, where(line), `a positive integer for ${what}`, `got "${text}"`);
    return n;
  };

  let afterOpenVinoHeader = false;
  let inputsBlock: Record<string, number[]> | null | undefined;
  let collectingInputs = false;
  let reshaped: Record<string, number[]> | null = null;
  let inLatency = false;
  let groupLatencies = false;
  let throughputSeen = false;
  let error: Line | null = null;

  for (const line of lines) {
    const t = line.text;
    if (line.level === 'ERROR' && !error) error = line;
    let m: RegExpExecArray | null;

    if (t === 'OpenVINO:') {
      afterOpenVinoHeader = true;
      continue;
    }
    if (afterOpenVinoHeader && (m = /^Build \.*\s*(\S.*)$/.exec(t))) {
      r.engine_version = m[1]!.trim();
      afterOpenVinoHeader = false;
      continue;
    }
    if (t === 'Model inputs:') {
      collectingInputs = true;
      inputsBlock = {};
      continue;
    }
    if (collectingInputs) {
      // "input_ids (node: input_ids) : i64 / [...] / [1,64]"
      m = /^(\S+)\s+\(node: [^)]*\)\s*:\s*\S+\s*\/\s*\[[^\]]*\]\s*\/\s*\[([^\]]*)\]$/.exec(t);
      if (m) {
        const dims = m[2]!.split(',').map((d) => d.trim());
        if (inputsBlock && dims.every((d) => /^\d+$/.test(d)))
          inputsBlock[m[1]!] = dims.map(Number);
        else inputsBlock = null; // a dynamic dimension: the fed shape is not stated here
        continue;
      }
      collectingInputs = false;
    }
    if ((m = /^Reshaping model:\s*(.*)$/.exec(t))) {
      reshaped = parseShapeList(m[1]!);
      continue;
    }
    if ((m = /^Model batch size:\s*(\S+)$/.exec(t))) {
      r.config.batch = int(line, m[1]!, 'the model batch size');
      continue;
    }
    if ((m = /^Read model took\s+(\S+)\s*ms$/.exec(t))) {
      r.notes.push(`read model took ${num(line, m[1]!, 'the read time')} ms`);
      continue;
    }
    if ((m = /^(?:Compile|Import|Load network|Load model) (?:model )?took\s+(\S+)\s*ms$/.exec(t))) {
      r.load_ms = num(line, m[1]!, 'the compile time');
      continue;
    }
    if ((m = /^NUM_STREAMS:\s*(\S+)$/.exec(t)) && r.config.streams === null) {
      r.config.streams = int(line, m[1]!, 'NUM_STREAMS');
      continue;
    }
    if ((m = /^INFERENCE_NUM_THREADS:\s*(\S+)$/.exec(t)) && r.config.threads === null) {
      // 0 means "let the plugin decide": not a thread count we can state.
      if (m[1] !== '0') r.config.threads = int(line, m[1]!, 'INFERENCE_NUM_THREADS');
      continue;
    }
    if (
      (m = /^CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE:\s*(\S+)$/.exec(t)) &&
      r.config.sparse_rate === null
    ) {
      r.config.sparse_rate = num(line, m[1]!, 'CPU_SPARSE_WEIGHTS_DECOMPRESSION_RATE');
      continue;
    }
    if ((m = /^(PERFORMANCE_HINT|INFERENCE_PRECISION_HINT):\s*(.+)$/.exec(t))) {
      if (!r.notes.some((n) => n.startsWith(`${m![1]}:`))) r.notes.push(`${m[1]}: ${m[2]!.trim()}`);
      continue;
    }
    if ((m = STEP_RE.exec(t)) && m[1] === '10') {
      // "(Start inference asynchronously, 4 inference requests[ using 4 streams for CPU], limits: 60000 ms duration)"
      const info = m[3]!;
      if (/asynchronously/.test(info)) r.config.api = 'async';
      else if (/synchronously/.test(info)) r.config.api = 'sync';
      const req = /(\d+) inference requests/.exec(info);
      if (req) r.config.nireq = int(line, req[1]!, 'the number of inference requests');
      const dur = /limits:[^)]*?(\d+(?:\.\d+)?) ms duration/.exec(info);
      if (dur) r.config.time_s = num(line, dur[1]!, 'the duration limit') / 1000;
      const it = /limits:[^)]*?(\d+) iterations/.exec(info);
      if (it) r.config.niter = int(line, it[1]!, 'the iteration limit');
      continue;
    }
    if ((m = /^First inference took\s+(\S+)\s*ms$/.exec(t))) {
      r.first_inference_ms = num(line, m[1]!, 'the first inference time');
      continue;
    }
    if ((m = /^Execution Devices:\s*(.+)$/.exec(t))) {
      r.notes.push(`execution devices: ${m[1]!.trim()}`);
      continue;
    }
    if ((m = /^Count:\s+(\S+)\s+iterations$/.exec(t))) {
      const n = parseDecimal(m[1]!);
      if (n === null || !Number.isInteger(n) || n < 0)
        throw importError(
          ctx,
          where(line),
          'a whole number of iterations after "Count:"',
          `got "${m[1]}"`,
        );
      r.count = n;
      continue;
    }
    if ((m = /^Duration:\s+(\S+)\s*ms$/.exec(t))) {
      r.duration_ms = num(line, m[1]!, 'the duration');
      continue;
    }
    if (t === 'Latency:') {
      inLatency = true;
      continue;
    }
    if (/^Latency for each data shape group:?$/.test(t)) {
      // Per-group figures follow; the overall ones were printed above.
      groupLatencies = true;
      inLatency = false;
      continue;
    }
    if ((m = /^Latency:\s+(\S+)\s*ms$/.exec(t))) {
      // benchmark_app before 2022 printed one latency figure, the median.
      r.latency_ms.median = num(line, m[1]!, 'the latency');
      r.notes.push(
        'the log prints a single "Latency" figure, which benchmark_app computes as the median',
      );
      continue;
    }
    if (inLatency && !groupLatencies) {
      if ((m = /^(Median|Average|Min|Max):\s+(\S+)\s*ms$/.exec(t))) {
        const v = num(line, m[2]!, `the ${m[1]!.toLowerCase()} latency`);
        const key = ({ Median: 'median', Average: 'avg', Min: 'min', Max: 'max' } as const)[
          m[1] as 'Median'
        ];
        r.latency_ms[key] = v;
        continue;
      }
      if ((m = /^(\d+) percentile:\s+(\S+)\s*ms$/.exec(t))) {
        const v = num(line, m[2]!, `the ${m[1]} percentile latency`);
        if (m[1] === '90') r.latency_ms.p90 = v;
        else if (m[1] === '99') r.latency_ms.p99 = v;
        else r.notes.push(`latency ${m[1]} percentile: ${v} ms`);
        continue;
      }
    }
    if ((m = /^Throughput:\s+(\S+)\s*FPS$/.exec(t))) {
      r.throughput_fps = num(line, m[1]!, 'the throughput');
      throughputSeen = true;
      inLatency = false;
      continue;
    }
  }

  if (!throughputSeen) {
    const place = `run ${runCount > 1 ? `${runNo} ` : ''}from line ${first}`;
    throw importError(
      ctx,
      place,
      'a "Throughput: X FPS" line: the run did not finish',
      error ? `line ${error.no}: ${error.text}` : undefined,
    );
  }
  const shapes = reshaped ?? inputsBlock ?? null;
  r.config.shapes = shapes;
  r.config.seq = seqFromShapes(shapes);
  return checkResult(r, ctx, `run ${runCount > 1 ? `${runNo} ` : ''}from line ${first}`);
}

export const benchmarkAppLogImporter: ResultImporter = {
  id: 'benchmark_app-log',
  label: 'OpenVINO benchmark_app console log',
  extensions: ['.log', '.txt', '.out'],
  sniff(head) {
    const hasSteps = /\[Step \d+\/\d+\]/.test(head);
    const hasStats =
      /^\s*(\[\s*INFO\s*\]\s*)?(Count:\s+\d+\s+iterations|Throughput:\s+\S+\s+FPS)/m.test(head);
    if (hasSteps || hasStats) return true;
    return 'no "[Step N/11]" progress lines and no "Count: N iterations" / "Throughput: X FPS" lines';
  },
  parse(text, ctx) {
    const runs = splitRuns(splitLines(text));
    return runs.map((run, i) => parseRun(run, ctx, i + 1, runs.length));
  },
};
