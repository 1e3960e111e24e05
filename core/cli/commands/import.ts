import { importResultFile, type ImportedFile } from '../../bench/import/registry';
import type { BenchResult } from '../../api/schemas/bench-result';
import { UsageError, type Command } from '../command';
import { formatTable } from '../../bench/sweep/text-table';

const fmt = (v: number | null, digits = 2) =>
  v === null ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(digits);

function row(file: string, r: BenchResult): string[] {
  return [
    file,
    `${r.engine}${r.engine_version ? ` ${r.engine_version}` : ''}`,
    fmt(r.config.streams),
    fmt(r.config.threads),
    fmt(r.config.batch),
    fmt(r.config.seq),
    fmt(r.config.sparse_rate),
    fmt(r.count),
    fmt(r.throughput_fps),
    fmt(r.latency_ms.median),
    fmt(r.latency_ms.avg),
  ];
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'Read results of other tools (benchmark_app log/CSV/JSON, DeepSparse JSON) as SparseScope results',
  usage: 'sparsescope import FILE... [--json]',
  options: { json: { type: 'boolean' } },
  positionals: true,
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('give at least one file to import.');
    // Read everything before printing anything: one bad file means no output at all.
    const imported: ImportedFile[] = [];
    for (const file of positionals) imported.push(await importResultFile(file));
    if (values.json) {
      io.stdout(
        JSON.stringify(
          imported.flatMap((f) => f.results),
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const header = [
      'file',
      'engine',
      'streams',
      'threads',
      'batch',
      'seq',
      'sparse',
      'count',
      'fps',
      'median ms',
      'avg ms',
    ];
    const rows = imported.flatMap((f) => f.results.map((r) => row(f.file, r)));
    io.stdout(formatTable(header, rows) + '\n');
    return 0;
  },
};
