import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../api/errors';
import { sweepConfigSchema, type SweepConfig } from '../api/schemas/sweep-config';
import { readJson } from '../util/json-reader';
import { readTextSafeSync } from '../util/safe-file';
import { MAX_CONFIG_CHARS } from '../views/config-text';
import { describeIssues, issueText, type DescribedIssue } from './config-issues';

/** Config files are small; anything larger is not one (and must not fill memory or the editor). */
export const CONFIG_FILE_LIMITS = {
  maxBytes: MAX_CONFIG_CHARS,
  kind: 'BadConfig',
  what: 'config file',
} as const;

/** Read a config file's text within CONFIG_FILE_LIMITS (regular files only). */
export function readConfigText(file: string): string {
  return readTextSafeSync(file, CONFIG_FILE_LIMITS);
}

/** The model files of a sweep that do not exist (paths relative to `baseDir`). */
export function missingModels(config: SweepConfig, baseDir: string): DescribedIssue[] {
  return config.variants.flatMap((v, i) => {
    const abs = path.resolve(baseDir, v.model);
    return existsSync(abs) && statSync(abs).isFile()
      ? []
      : [
          {
            path: ['variants', i, 'model'],
            expected: 'a model file (relative to the config file)',
            got: JSON.stringify(v.model),
          },
        ];
  });
}

function refuse(file: string, issues: DescribedIssue[]): never {
  throw new UserError(
    'BadConfig',
    `${file}, ${issueText(issues[0]!)}`,
    issues.length > 1
      ? issues
          .slice(1)
          .map((i) => issueText({ ...i, got: undefined }))
          .join('\n  ')
      : undefined,
  );
}

/**
 * Validate a parsed sweep config. `baseDir` resolves relative model paths; the result holds
 * absolute paths. Throws UserError('BadConfig') naming the file, JSON path and expectation.
 */
export function parseSweepConfig(doc: unknown, file: string, baseDir: string): SweepConfig {
  const parsed = sweepConfigSchema.safeParse(doc);
  if (!parsed.success) refuse(file, describeIssues(parsed.error.issues, doc));
  const config = parsed.data;
  const missing = missingModels(config, baseDir);
  if (missing.length > 0) refuse(file, missing);
  for (const v of config.variants) v.model = path.resolve(baseDir, v.model);
  return config;
}

/** Read, parse and validate a sweep config file. */
export function loadSweepConfig(file: string): SweepConfig {
  const doc = readJson(readConfigText(file), { source: file, kind: 'BadConfig' });
  return parseSweepConfig(doc, file, path.dirname(path.resolve(file)));
}
