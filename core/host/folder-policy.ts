import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../api/errors';

/**
 * Which files a client of the host may make it read or write: only inside the folders the
 * user chose — the workspace, folders given to `sparsescope serve --folder`, and folders
 * picked in the desktop app's native dialogs — never the whole filesystem. A web client
 * holds a token, not the user's trust in every file on the machine.
 *
 * Paths are judged on their real location (links followed), so a link inside an allowed
 * folder that points out of it is refused too.
 */
export class FolderPolicy {
  private readonly folders = new Set<string>();

  constructor(folders: readonly string[]) {
    for (const f of folders) this.allow(f);
  }

  /** Add a folder the user chose (it must exist). */
  allow(folder: string): void {
    const real = realOrNull(path.resolve(folder));
    if (real) this.folders.add(real);
  }

  /** The allowed folders, for pickers and messages. */
  roots(): string[] {
    return [...this.folders].sort();
  }

  /** The real path of an existing file or folder that may be read; Forbidden otherwise. */
  readable(file: string, what: string): string {
    const resolved = path.resolve(file);
    const real = realOrNull(resolved);
    // A missing file is not a secret: let the caller say "no such file" for allowed places.
    const judged = real ?? realParent(resolved);
    if (judged === null || !this.contains(judged)) throw this.refusal(resolved, what);
    return real ?? resolved;
  }

  /** A path a file may be written to: its folder must exist inside an allowed folder. */
  writable(file: string, what: string): string {
    const resolved = path.resolve(file);
    const parent = realOrNull(path.dirname(resolved));
    if (parent === null || !this.contains(parent)) throw this.refusal(resolved, what);
    const real = realOrNull(resolved);
    if (real !== null && !this.contains(real)) throw this.refusal(resolved, what);
    return path.join(parent, path.basename(resolved));
  }

  /** The real path of an existing folder inside an allowed one (a results folder …). */
  folder(dir: string, what: string): string {
    const real = this.readable(dir, what);
    if (!existsSync(real) || !statSync(real).isDirectory())
      throw new UserError('NotFound', `${dir}: no such folder.`, `Give an existing ${what}.`);
    return real;
  }

  contains(real: string): boolean {
    for (const f of this.folders) {
      const rel = path.relative(f, real);
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return true;
    }
    return false;
  }

  private refusal(file: string, what: string): UserError {
    return new UserError(
      'Forbidden',
      `${file}: SparseScope may only use ${what}s inside the folders you chose.`,
      `Allowed: ${this.roots().join(', ') || '(none)'}. Add a folder with \`sparsescope serve --folder DIR\`, or pick the file in the desktop app.`,
    );
  }
}

function realOrNull(p: string): string | null {
  try {
    return existsSync(p) ? realpathSync(p) : null;
  } catch {
    return null;
  }
}

/** The real path of the nearest existing ancestor, joined with the rest of `p`. */
function realParent(p: string): string | null {
  let dir = path.dirname(p);
  const rest = [path.basename(p)];
  for (;;) {
    const real = realOrNull(dir);
    if (real) return path.join(real, ...rest.reverse());
    const up = path.dirname(dir);
    if (up === dir) return null;
    rest.push(path.basename(dir));
    dir = up;
  }
}
