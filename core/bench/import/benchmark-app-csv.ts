import { importError } from './import-common';
import { resultFromReport, type ReportEntry, type ReportSection } from './benchmark-app-report';
import type { ResultImporter } from './result-importer';

/**
 * benchmark_app's benchmark_report.csv (written with `-report_type no_counters|average_counters|
 * detailed_counters`): titled sections separated by blank lines, one "key;value" per line:
 *
 *   Command line parameters        Configuration setup          Execution results
 *   m;model.xml                    API;async                    throughput;151.80
 */

const SECTIONS: Record<string, ReportSection | null> = {
  'command line parameters': 'cmd',
  'configuration setup': 'config',
  'execution results': 'exec',
  // Per-shape-group latencies (-pcseq): a table, not key;value pairs; not part of a result.
  'group latencies': null,
};

function unquote(s: string): string {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"')
    ? t.slice(1, -1).replace(/""/g, '"')
    : t;
}

export const benchmarkAppCsvImporter: ResultImporter = {
  id: 'benchmark_app-csv',
  label: 'OpenVINO benchmark_app benchmark_report.csv',
  extensions: ['.csv'],
  sniff(head) {
    const titled =
      /^\s*"?(Command line parameters|Configuration setup|Execution results)"?;*\s*$/im.test(head);
    if (titled && head.includes(';')) return true;
    return 'no "Command line parameters" / "Configuration setup" / "Execution results" section titles with ";"-separated rows';
  },
  parse(text, ctx) {
    const entries: ReportEntry[] = [];
    let section: ReportSection | null | undefined;
    let sawExec = false;
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || /^;+$/.test(line)) {
        section = undefined;
        return;
      }
      const title = unquote(line.replace(/;+$/, '')).toLowerCase();
      if (section === undefined) {
        if (title in SECTIONS) {
          section = SECTIONS[title]!;
          if (section === 'exec') sawExec = true;
          return;
        }
        throw importError(
          ctx,
          `line ${i + 1}`,
          'a section title ("Command line parameters", "Configuration setup", "Execution results") after a blank line',
          `got "${line.slice(0, 80)}"`,
        );
      }
      if (section === null) return;
      const sep = line.indexOf(';');
      if (sep < 0)
        throw importError(ctx, `line ${i + 1}`, 'a "key;value" row', `got "${line.slice(0, 80)}"`);
      entries.push({
        section,
        key: unquote(line.slice(0, sep)),
        value: unquote(line.slice(sep + 1).replace(/;+$/, '')),
        place: `line ${i + 1}`,
      });
    });
    if (!sawExec) throw importError(ctx, 'end of file', 'an "Execution results" section');
    return [resultFromReport(entries, ctx, 'Execution results')];
  },
};
