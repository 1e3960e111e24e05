import { profileFileSchema } from '../../api/schemas/profile';
import { importError } from '../../bench/import/import-common';
import { readJson } from '../../util/json-reader';
import { PROFILE_JSON_LIMITS, type ProfileImporter } from './profile-importer';

/** SparseScope's own profile file (schemas/profile.ts), as `profile --json` and the workspace store it. */
export const sparsescopeProfileImporter: ProfileImporter = {
  id: 'sparsescope',
  label: 'SparseScope profile JSON',
  extensions: ['.json'],
  sniff(head) {
    if (/"kind"\s*:\s*"sparsescope-profile"/.test(head)) return true;
    return 'no "kind": "sparsescope-profile"';
  },
  parse(text, ctx) {
    const doc = readJson(text, { source: ctx.fileName, kind: 'BadResults' }, PROFILE_JSON_LIMITS);
    const checked = profileFileSchema.safeParse(doc);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw importError(
        ctx,
        issue.path.length ? issue.path.map(String).join('.') : 'top level',
        `a SparseScope profile, version 1 (${issue.message})`,
      );
    }
    return checked.data;
  },
};
