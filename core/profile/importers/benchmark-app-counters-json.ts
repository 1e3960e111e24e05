import { importError, isRecord, numberOf } from '../../bench/import/import-common';
import { readJson } from '../../util/json-reader';
import { MAX_TIME_MS } from '../raw-profile';
import { countersProfile, type CounterBlock } from './counters-common';
import { openvinoStatus } from './openvino-kernel';
import { PROFILE_JSON_LIMITS, type ProfileImporter } from './profile-importer';

/**
 * benchmark_app's counters report JSON (`-report_type …_counters -json_stats`,
 * benchmark_detailed_counters_report.json / benchmark_average_counters_report.json /
 * benchmark_sorted_report.json; Python statistics_report.py JsonStatisticsReport,
 * C++ StatisticsReportJSON):
 *   {"report_type": "detailed", "detailed_performance": [{"nodes": [{"name", "node_type",
 *    "status", "real_time", "cpu_time", "exec_type"}], "total_real_time", "total_cpu_time"}]}
 *   {"report_type": "average" | "sorted", "avg_performance": {"nodes": [...], …}}
 * Times are strings of ms with three decimals ("0.016"); the C++ build writes numbers.
 */

export const benchmarkAppCountersJsonImporter: ProfileImporter = {
  id: 'benchmark_app-counters-json',
  label: 'OpenVINO benchmark_app counters report JSON',
  extensions: ['.json'],
  sniff(head) {
    if (!/^\s*\{/.test(head)) return 'not a JSON object';
    if (/"(detailed_performance|avg_performance)"\s*:/.test(head)) return true;
    return 'no "detailed_performance" or "avg_performance"';
  },
  parse(text, ctx) {
    const doc = readJson(text, { source: ctx.fileName, kind: 'BadResults' }, PROFILE_JSON_LIMITS);
    if (!isRecord(doc)) throw importError(ctx, 'top level', 'a JSON object');
    const detailed = doc.detailed_performance;
    const avg = doc.avg_performance;
    let requests: unknown[];
    let where: string;
    if (detailed !== undefined) {
      if (!Array.isArray(detailed))
        throw importError(ctx, 'detailed_performance', 'a list of per-request objects');
      requests = detailed;
      where = 'detailed_performance';
    } else if (avg !== undefined) {
      requests = [avg];
      where = 'avg_performance';
    } else
      throw importError(
        ctx,
        'top level',
        'a "detailed_performance" list or an "avg_performance" object',
      );
    const blocks: CounterBlock[] = requests.map((req, r) => {
      const place = where === 'avg_performance' ? where : `${where}[${r}]`;
      if (!isRecord(req) || !Array.isArray(req.nodes))
        throw importError(ctx, place, 'an object with a "nodes" list');
      const totalMs = req.total_real_time === undefined ? null : numberOf(req.total_real_time);
      if (
        req.total_real_time !== undefined &&
        (totalMs === null || totalMs < 0 || totalMs > MAX_TIME_MS)
      )
        throw importError(
          ctx,
          `${place}.total_real_time`,
          'a number ≥ 0 (ms)',
          `got ${JSON.stringify(req.total_real_time)?.slice(0, 40)}`,
        );
      return {
        place,
        totalMs,
        rows: req.nodes.map((n: unknown, i: number) => {
          const at = `${place}.nodes[${i}]`;
          if (!isRecord(n)) throw importError(ctx, at, 'an object');
          const str = (k: string): string => {
            const v = n[k];
            if (typeof v !== 'string')
              throw importError(
                ctx,
                `${at}.${k}`,
                'a string',
                `got ${JSON.stringify(v)?.slice(0, 40)}`,
              );
            return v;
          };
          const status = openvinoStatus(str('status'));
          if (status === null)
            throw importError(
              ctx,
              `${at}.status`,
              'EXECUTED, NOT_RUN or OPTIMIZED_OUT',
              `got ${JSON.stringify(n.status)}`,
            );
          const real = numberOf(n.real_time);
          if (real === null || real < 0 || real > MAX_TIME_MS)
            throw importError(
              ctx,
              `${at}.real_time`,
              'a number ≥ 0 (ms)',
              `got ${JSON.stringify(n.real_time)?.slice(0, 40)}`,
            );
          const cpu = n.cpu_time === undefined ? null : numberOf(n.cpu_time);
          if (cpu !== null && (cpu < 0 || cpu > MAX_TIME_MS))
            throw importError(ctx, `${at}.cpu_time`, 'a number ≥ 0 (ms)');
          return {
            name: str('name') || '(unnamed)',
            status,
            layerType: str('node_type'),
            execType: typeof n.exec_type === 'string' ? n.exec_type : '',
            realMs: real,
            cpuMs: cpu,
          };
        }),
      };
    });
    const type = typeof doc.report_type === 'string' ? doc.report_type : '';
    return countersProfile(blocks, ctx, {
      source: 'benchmark_app-counters-json',
      averaged: where === 'avg_performance' && type !== 'sorted',
      sorted: type === 'sorted',
      truncatedNames: false,
    });
  },
};
