import { importError, parseDecimal } from '../../bench/import/import-common';
import { MAX_TIME_MS } from '../raw-profile';
import { countersProfile, type CounterBlock } from './counters-common';
import { openvinoStatus } from './openvino-kernel';
import type { ProfileImporter } from './profile-importer';

/**
 * benchmark_app's counters report CSV (`-report_type detailed_counters|average_counters`,
 * benchmark_detailed_counters_report.csv / benchmark_average_counters_report.csv; Python
 * tools/benchmark/utils/statistics_report.py CsvStatisticsReport.dump_performance_counters,
 * C++ samples/cpp/benchmark_app/statistics_report.cpp): ";"-separated, per block a header
 *   layerName;execStatus;layerType;execType;realTime (ms);cpuTime (ms)
 * one row per layer, a "Total;;;;REAL;CPU" row and a blank line; one block per infer request
 * (detailed) or one averaged block. Also the -pcsort benchmark_sorted_report.csv: ","-separated
 * with a "proportion (%)" column and "Total time: X milliseconds" rows.
 */

const HEADER = [
  'layername',
  'execstatus',
  'layertype',
  'exectype',
  'realtime (ms)',
  'cputime (ms)',
];

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"')
    ? t.slice(1, -1).replace(/""/g, '"')
    : t;
}

export const benchmarkAppCountersCsvImporter: ProfileImporter = {
  id: 'benchmark_app-counters-csv',
  label: 'OpenVINO benchmark_app counters report CSV',
  extensions: ['.csv'],
  sniff(head) {
    if (/^\s*"?layerName"?\s*[;,]\s*"?execStatus"?\s*[;,]/im.test(head)) return true;
    return 'no "layerName;execStatus;layerType;execType;realTime (ms);cpuTime (ms)" header';
  },
  parse(text, ctx) {
    const lines = text.split(/\r?\n/);
    const headerLine = lines.findIndex((l) => /^\s*"?layerName/i.test(l));
    const sep = (lines[headerLine] ?? '').includes(';') ? ';' : ',';
    const blocks: CounterBlock[] = [];
    let current: CounterBlock | null = null;
    const averaged = /average/i.test(ctx.fileName);
    const sorted = sep === ',' || /sorted/i.test(ctx.fileName);
    lines.forEach((raw, i) => {
      const place = `line ${i + 1}`;
      const line = raw.trim();
      if (line === '') return;
      const cells = line.split(sep).map(unquote);
      const first = cells[0]!.toLowerCase();
      if (first === 'layername') {
        const got = cells.slice(0, 6).map((c) => c.toLowerCase());
        if (HEADER.some((h, k) => got[k] !== h))
          throw importError(
            ctx,
            place,
            `the header ${HEADER.join(sep)}`,
            `got "${line.slice(0, 100)}"`,
          );
        if (current) blocks.push(current);
        current = { rows: [], totalMs: null, place };
        return;
      }
      const totalText = /^Total time:\s*(\S+)\s*milliseconds/i.exec(cells[0]!);
      if (first === 'total' || totalText) {
        if (!current) throw importError(ctx, place, 'a header row before the Total row');
        const v = parseDecimal(totalText ? totalText[1] : cells[4]);
        if (v === null || v < 0 || v > MAX_TIME_MS)
          throw importError(
            ctx,
            place,
            'the Total real time from 0 to 10⁹ ms',
            `got "${line.slice(0, 80)}"`,
          );
        current.totalMs = v;
        blocks.push(current);
        current = null;
        return;
      }
      if (/^Total CPU time:/i.test(cells[0]!)) return;
      if (!current)
        throw importError(
          ctx,
          place,
          'a "layerName;execStatus;…" header before the first row',
          `got "${line.slice(0, 80)}"`,
        );
      if (cells.length < 6)
        throw importError(
          ctx,
          place,
          `6 "${sep}"-separated cells (layerName … cpuTime (ms))`,
          `got ${cells.length}: "${line.slice(0, 80)}"`,
        );
      const status = openvinoStatus(cells[1]!);
      if (status === null)
        throw importError(
          ctx,
          `${place}, execStatus`,
          'EXECUTED, NOT_RUN or OPTIMIZED_OUT',
          `got "${cells[1]!.slice(0, 40)}"`,
        );
      const real = parseDecimal(cells[4]);
      const cpu = parseDecimal(cells[5]!.replace(/%$/, ''));
      if (real === null || real < 0 || real > MAX_TIME_MS)
        throw importError(
          ctx,
          `${place}, realTime (ms)`,
          'a number from 0 to 10⁹',
          `got "${cells[4]!.slice(0, 40)}"`,
        );
      if (cpu !== null && (cpu < 0 || cpu > MAX_TIME_MS))
        throw importError(
          ctx,
          `${place}, cpuTime (ms)`,
          'a number from 0 to 10⁹',
          `got "${cells[5]!.slice(0, 40)}"`,
        );
      current.rows.push({
        name: cells[0] || '(unnamed)',
        status,
        layerType: cells[2]!,
        execType: cells[3]!,
        realMs: real,
        cpuMs: cpu,
      });
    });
    if (current) {
      // The sorted report has no header-closing Total before its "Total time" rows; a
      // detailed block cut off before its Total is a truncated file.
      if (!sorted)
        throw importError(
          ctx,
          'end of file',
          `a "Total;…" row to end the block started at ${(current as CounterBlock).place} (is the file truncated?)`,
        );
      blocks.push(current);
    }
    return countersProfile(blocks, ctx, {
      source: 'benchmark_app-counters-csv',
      averaged,
      sorted,
      truncatedNames: false,
    });
  },
};
