import { importError, parseDecimal } from '../../bench/import/import-common';
import { MAX_TIME_MS } from '../raw-profile';
import { countersProfile, type CounterBlock, type CounterRow } from './counters-common';
import { openvinoStatus } from './openvino-kernel';
import type { ProfileImporter } from './profile-importer';

/**
 * benchmark_app's `-pc` / `-pcsort` console table. Python (tools/benchmark/utils/utils.py,
 * print_perf_counters / print_perf_counters_sort):
 *   [ INFO ] Performance counts for 0-th infer request
 *   layer0/attention...  Status.EXECUTED      layerType: FullyConnected       execType: brgemm_avx512_amx_bf16 realTime (ms): 0.016      cpuTime (ms): 0.016
 *   Total time:     1.339 milliseconds
 * C++ (samples/cpp/common/utils/include/samples/common.hpp, printPerformanceCountsSort):
 *   <name, 30 wide>  EXECUTED  layerType: X  execType: X  realTime (ms): 0.016000  cpuTime (ms): 0.016000  proportion: 1.2%
 *   Total time: 1.339000 milliseconds
 * and its older map form "layerType: X realTime: 16 cpu: 16 execType: X" in microseconds.
 * A block starts at a "Performance counts" / "performance counts:" line and ends at "Total time".
 */

// "Performance counts for 0-th infer request" (Python), "…request:" and "Sort performance
// counts for …" (C++), "Pefrormance counts" (a typo of C++ builds before 2022), and the
// generic "performance counts:" header of samples/common.hpp.
const HEADER =
  /(?:^|\]\s*)(?:(?:Pe(?:rf|fr)ormance|Sort performance) counts(?: sorted)? for \d+-th infer request:?|performance counts:)\s*$/i;
const ROW =
  /^(.*?)\s+(?:Status\.)?(EXECUTED|NOT_RUN|OPTIMIZED_OUT)\s+layerType:\s*(\S*)\s+execType:\s*(\S*)\s+realTime \(ms\):\s*(\S+)\s+cpuTime \(ms\):\s*(\S+)(?:\s+proportion:\s*\S+)?\s*$/;
const ROW_US =
  /^(.*?)\s+(EXECUTED|NOT_RUN|OPTIMIZED_OUT)\s+layerType:\s*(\S*)\s+realTime:\s*(\S+)\s+cpu:\s*(\S+)\s+execType:\s*(\S*)\s*$/;
const TOTAL = /^Total time:\s*(\S+)\s*(milliseconds|microseconds)\s*$/i;

export const benchmarkAppPcImporter: ProfileImporter = {
  id: 'benchmark_app-pc',
  label: 'OpenVINO benchmark_app -pc console table',
  extensions: ['.log', '.txt'],
  sniff(head) {
    if (
      /(Pe(rf|fr)ormance|Sort performance) counts( sorted)? for \d+-th infer request/i.test(head) ||
      /^performance counts:/im.test(head)
    )
      return true;
    return 'no "Performance counts for N-th infer request" line';
  },
  parse(text, ctx) {
    const blocks: CounterBlock[] = [];
    let current: CounterBlock | null = null;
    let sorted = false;
    let truncated = false;
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      const place = `line ${i + 1}`;
      if (HEADER.test(line)) {
        if (current)
          throw importError(
            ctx,
            place,
            `"Total time: …" to end the block started at ${current.place}`,
          );
        current = { rows: [], totalMs: null, place };
        if (/sort/i.test(line)) sorted = true;
        return;
      }
      if (!current) return;
      const block: CounterBlock = current;
      const total = TOTAL.exec(line);
      if (total) {
        const v = parseDecimal(total[1]);
        if (v === null || v < 0 || v > MAX_TIME_MS)
          throw importError(ctx, place, 'a total time from 0 to 10⁹ ms', `got "${total[1]}"`);
        block.totalMs = total[2]!.toLowerCase() === 'microseconds' ? v / 1000 : v;
        blocks.push(block);
        current = null;
        return;
      }
      let row: CounterRow | null = null;
      let m = ROW.exec(line);
      if (m) row = counterRow(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, 1);
      else if ((m = ROW_US.exec(line)))
        row = counterRow(m[1]!, m[2]!, m[3]!, m[6]!, m[4]!, m[5]!, 1000);
      if (row === null) {
        // Inside a block only rows, the CPU total and the proportion total may appear.
        if (/^Total (CPU time|proportion):/i.test(line) || line === '') return;
        throw importError(
          ctx,
          place,
          'a counter row ("NAME  STATUS  layerType: …  execType: …  realTime (ms): …  cpuTime (ms): …")',
          `got "${line.slice(0, 80)}"`,
        );
      }
      const bad = (v: number | null) => v !== null && !(v >= 0 && v <= MAX_TIME_MS);
      if (bad(row.realMs) || bad(row.cpuMs))
        throw importError(
          ctx,
          place,
          'realTime and cpuTime from 0 to 10⁹ ms',
          `got "${line.slice(0, 80)}"`,
        );
      if (row.name.endsWith('...')) truncated = true;
      block.rows.push(row);
    });
    if (current)
      throw importError(
        ctx,
        'end of file',
        `"Total time: …" to end the block started at ${(current as CounterBlock).place}`,
      );
    return countersProfile(blocks, ctx, {
      source: 'benchmark_app-pc',
      averaged: false,
      sorted,
      truncatedNames: truncated,
    });
  },
};

function counterRow(
  name: string,
  status: string,
  layerType: string,
  execType: string,
  real: string,
  cpu: string,
  divisor: number,
): CounterRow | null {
  const s = openvinoStatus(status);
  const r = parseDecimal(real);
  const c = parseDecimal(cpu);
  if (s === null || r === null) return null;
  return {
    name: name.trim() || '(unnamed)',
    status: s,
    layerType,
    execType,
    realMs: r / divisor,
    cpuMs: c === null ? null : c / divisor,
  };
}
