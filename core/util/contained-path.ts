import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The real path of `file` (links followed) when it lies inside the real `folder`; null when
 * it leaves it — through `..`, an absolute path, or a symbolic link pointing elsewhere — or
 * does not exist. Containment is decided on real paths, never on the text of the path.
 */
export function realPathInside(folder: string, file: string): string | null {
  let realFolder: string;
  let realFile: string;
  try {
    realFolder = realpathSync(folder);
    realFile = realpathSync(file);
  } catch {
    return null;
  }
  const rel = path.relative(realFolder, realFile);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? realFile : null;
}
