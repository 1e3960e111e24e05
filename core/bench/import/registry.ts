import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../api/errors';
import type { BenchResult } from '../../api/schemas/bench-result';
import { benchmarkAppCsvImporter } from './benchmark-app-csv';
import { benchmarkAppJsonImporter } from './benchmark-app-json';
import { benchmarkAppLogImporter } from './benchmark-app-log';
import { deepsparseJsonImporter } from './deepsparse-json';
import type { ImportContext, ResultImporter } from './result-importer';

/** Every foreign result format SparseScope reads, in the order they are tried. */
export const RESULT_IMPORTERS: readonly ResultImporter[] = [
  benchmarkAppJsonImporter,
  deepsparseJsonImporter,
  benchmarkAppCsvImporter,
  benchmarkAppLogImporter,
];

/** How much of a file `sniff` sees: enough for benchmark_app's preamble before the steps. */
const SNIFF_CHARS = 64 * 1024;

/** What an import produced and which importer read it. */
export interface ImportedFile {
  file: string;
  importer: ResultImporter['id'];
  results: BenchResult[];
}

/**
 * Recognise a foreign result by content and read it. Importers whose extension matches go
 * first, then the rest; each one that declines (sniff) or fails (parse) leaves its reason.
 * Throws UserError('BadResults') listing every reason when no importer reads the file, or
 * the one parse error when exactly one importer recognised the file.
 */
export function importResultText(text: string, ctx: ImportContext): ImportedFile {
  const ext = path.extname(ctx.fileName).toLowerCase();
  const ordered = [
    ...RESULT_IMPORTERS.filter((i) => i.extensions.includes(ext)),
    ...RESULT_IMPORTERS.filter((i) => !i.extensions.includes(ext)),
  ];
  const head = text.slice(0, SNIFF_CHARS);
  const reasons: string[] = [];
  const failures: UserError[] = [];
  for (const importer of ordered) {
    const verdict = importer.sniff(head, ctx.fileName);
    if (verdict !== true) {
      reasons.push(`${importer.label}: ${verdict}`);
      continue;
    }
    try {
      return { file: ctx.fileName, importer: importer.id, results: importer.parse(text, ctx) };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // A file that looks like this format but breaks it: that reason matters most, so it
      // leads the message if nothing else reads the file.
      failures.push(err);
      reasons.unshift(`${importer.label}: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
    }
  }
  // Exactly one format recognised the file and found it broken: its own message (file, place,
  // expectation) is the useful one.
  if (failures.length === 1) throw failures[0]!;
  throw new UserError(
    'BadResults',
    `${ctx.fileName}: not a result file SparseScope can import.`,
    reasons.join('\n  '),
  );
}

/** Read and import one file from disk. */
export async function importResultFile(file: string): Promise<ImportedFile> {
  let bytes: Buffer;
  let mtime: Date;
  try {
    [bytes, mtime] = await Promise.all([readFile(file), stat(file).then((s) => s.mtime)]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      'BadResults',
      `${file}: cannot read the file (${code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}).`,
    );
  }
  if (bytes.includes(0)) {
    throw new UserError(
      'BadResults',
      `${file}: not a result file SparseScope can import.`,
      'it is binary (holds NUL bytes); every importer reads text',
    );
  }
  return importResultText(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
    fileName: file,
    fallbackTimestamp: mtime.toISOString(),
  });
}
