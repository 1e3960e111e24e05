import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../api/errors';
import { importText } from '../../util/text-import';
import type { ProfileFile } from '../../api/schemas/profile';
import { readFileSafe } from '../../util/safe-file';
import { buildProfile } from '../build-profile';
import { benchmarkAppCountersCsvImporter } from './benchmark-app-counters-csv';
import { benchmarkAppCountersJsonImporter } from './benchmark-app-counters-json';
import { benchmarkAppPcImporter } from './benchmark-app-pc';
import { openvinoExecGraphImporter } from './openvino-exec-graph';
import { ortJsonImporter } from './ort-json';
import type { ImportContext, ProfileImporter } from './profile-importer';
import { sparsescopeProfileImporter } from './sparsescope-json';

/** Every profile format SparseScope reads, in the order they are tried. */
export const PROFILE_IMPORTERS: readonly ProfileImporter[] = [
  sparsescopeProfileImporter,
  benchmarkAppCountersJsonImporter,
  ortJsonImporter,
  benchmarkAppCountersCsvImporter,
  openvinoExecGraphImporter,
  benchmarkAppPcImporter,
];

/** How much of the text sniffers see. */
const SNIFF_CHARS = 64 * 1024;
/** Largest profile file read (ORT traces of long runs reach hundreds of MiB). */
const MAX_PROFILE_BYTES = 512 * 2 ** 20;

export interface ImportedProfile {
  importer: ProfileImporter['id'];
  profile: ProfileFile;
}

/**
 * Recognise a profile by extension, then content, then structure, and read it into the
 * profile model. Throws UserError('BadResults') with every importer's reason when none reads
 * the file, or the one parse error when exactly one recognised it and found it broken.
 */
export function importProfileText(text: string, ctx: ImportContext): ImportedProfile {
  const { importer, value } = importText(PROFILE_IMPORTERS, text, ctx, 'a profile', SNIFF_CHARS);
  return { importer: importer.id, profile: 'kind' in value ? value : buildProfile(value) };
}

/** Read and import one profile file from disk. */
export async function importProfileFile(file: string): Promise<ImportedProfile> {
  const bytes = await readFileSafe(file, {
    maxBytes: MAX_PROFILE_BYTES,
    kind: 'BadResults',
    what: 'profile file',
  });
  if (bytes.includes(0)) {
    throw new UserError(
      'BadResults',
      `${file}: not a profile SparseScope can import.`,
      'it is binary (holds NUL bytes); every profile importer reads text',
    );
  }
  const mtime = (await stat(file)).mtime;
  return importProfileText(bytes.toString('utf8').replace(/^\uFEFF/, ''), {
    fileName: path.resolve(file),
    fallbackTimestamp: mtime.toISOString(),
  });
}
