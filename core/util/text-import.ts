import path from 'node:path';
import { UserError } from '../api/errors';

/** One importer of a text format: where to try it first, a cheap sniff, the parse. */
export interface TextImporter<Ctx, Out> {
  label: string;
  /** Lower-case extensions with the dot that make this importer be tried first. */
  extensions: string[];
  /** A cheap check on the first characters: true to try the file, else why it declines. */
  sniff(head: string, fileName: string): true | string;
  /** Read the file; throws UserError naming file, place and expectation on bad input. */
  parse(text: string, ctx: Ctx): Out;
}

/**
 * Read a text with the first importer that recognises it (DESIGN.md, importers): those whose
 * extension matches go first, then the rest; every one that declines or fails leaves its
 * reason. When exactly one recognised the text and found it broken, its own message (file,
 * place, expectation) is the one that matters; otherwise the error lists every reason.
 */
export function importText<Ctx extends { fileName: string }, I extends TextImporter<Ctx, unknown>>(
  importers: readonly I[],
  text: string,
  ctx: Ctx,
  what: string,
  sniffChars: number,
): { importer: I; value: ReturnType<I['parse']> } {
  const ext = path.extname(ctx.fileName).toLowerCase();
  const ordered = [
    ...importers.filter((i) => i.extensions.includes(ext)),
    ...importers.filter((i) => !i.extensions.includes(ext)),
  ];
  const head = text.slice(0, sniffChars);
  const reasons: string[] = [];
  const failures: UserError[] = [];
  for (const importer of ordered) {
    const verdict = importer.sniff(head, ctx.fileName);
    if (verdict !== true) {
      reasons.push(`${importer.label}: ${verdict}`);
      continue;
    }
    try {
      return { importer, value: importer.parse(text, ctx) as ReturnType<I['parse']> };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      failures.push(err);
      reasons.unshift(`${importer.label}: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
    }
  }
  if (failures.length === 1) throw failures[0]!;
  throw new UserError(
    'BadResults',
    `${ctx.fileName}: not ${what} SparseScope can import.`,
    reasons.join('\n  '),
  );
}
