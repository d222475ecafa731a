// Env files (`http-client.env.json`, `.env`) are looked up from the .http file's folder towards the
// workspace root, nearest first, so a collection in a subfolder can carry its own and still share
// the project's. Never above the root: a workspace must not pick up files from outside it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file's folder, then each parent up to and including `root` (only the file's folder when `root` is not above it). */
export function searchFolders(filePath: string, root?: string): string[] {
  const folders = [path.dirname(filePath)];
  if (root === undefined) return folders;
  const resolvedRoot = path.resolve(root);
  const relative = path.relative(resolvedRoot, folders[0]);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return folders;
  while (folders[folders.length - 1] !== resolvedRoot) {
    const parent = path.dirname(folders[folders.length - 1]);
    if (parent === folders[folders.length - 1]) break;
    folders.push(parent);
  }
  return folders;
}

/** The nearest `fileName` in `folders`, or undefined. */
export function findNearest(folders: readonly string[], fileName: string): string | undefined {
  for (const folder of folders) {
    const candidate = path.join(folder, fileName);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
