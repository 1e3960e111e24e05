import { stat } from 'node:fs/promises';
import { UserError } from '../../api/errors';
import { importText } from '../../util/text-import';
import { readFileSafe } from '../../util/safe-file';
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
  const { importer, value } = importText(RESULT_IMPORTERS, text, ctx, 'a result file', SNIFF_CHARS);
  return { file: ctx.fileName, importer: importer.id, results: value };
}

/** Result files are text reports; anything larger is not one. */
const MAX_RESULT_FILE_BYTES = 256 * 2 ** 20;

/** Read and import one file from disk. */
export async function importResultFile(file: string): Promise<ImportedFile> {
  const bytes = await readFileSafe(file, {
    maxBytes: MAX_RESULT_FILE_BYTES,
    kind: 'BadResults',
    what: 'result file',
  });
  const mtime = (await stat(file)).mtime;
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
