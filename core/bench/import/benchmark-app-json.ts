import { importError, isRecord, parseJsonText } from './import-common';
import { resultFromReport, type ReportEntry, type ReportSection } from './benchmark-app-report';
import type { ResultImporter } from './result-importer';

/**
 * benchmark_app's benchmark_report.json (`-json_stats` with `-report_type …`): the same
 * statistics as the CSV under "cmd_options", "configuration_setup" and "execution_results",
 * keyed by json names ("execution_time", "latency_median", "throughput" …), values numbers or
 * strings ("cpu_streams_num": "4").
 */

const OBJECTS: [string, ReportSection][] = [
  ['cmd_options', 'cmd'],
  ['configuration_setup', 'config'],
  ['execution_results', 'exec'],
];

export const benchmarkAppJsonImporter: ResultImporter = {
  id: 'benchmark_app-json',
  label: 'OpenVINO benchmark_app benchmark_report.json (-json_stats)',
  extensions: ['.json'],
  sniff(head) {
    if (!/^\s*\{/.test(head)) return 'not a JSON object';
    if (/"execution_results"\s*:/.test(head) || /"configuration_setup"\s*:/.test(head)) return true;
    return 'no "execution_results" or "configuration_setup" object';
  },
  parse(text, ctx) {
    const doc = parseJsonText(text, ctx);
    if (!isRecord(doc)) throw importError(ctx, 'top level', 'a JSON object');
    const entries: ReportEntry[] = [];
    for (const [name, section] of OBJECTS) {
      const obj = doc[name];
      if (obj === undefined) continue;
      if (!isRecord(obj))
        throw importError(
          ctx,
          name,
          'an object of statistics',
          `got ${JSON.stringify(obj)?.slice(0, 60)}`,
        );
      for (const [key, value] of Object.entries(obj)) {
        // group_latencies (-pcseq) is a list of per-shape figures, not a figure of the run.
        if (Array.isArray(value) || isRecord(value)) continue;
        entries.push({ section, key, value, place: `${name}.${key}` });
      }
    }
    if (!isRecord(doc.execution_results))
      throw importError(ctx, 'execution_results', "an object with the run's figures");
    return [resultFromReport(entries, ctx, 'execution_results')];
  },
};
