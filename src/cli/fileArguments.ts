// The files `httpipe run` was given: literal paths as typed, glob patterns expanded here (quoted
// patterns reach us unexpanded, and Windows shells never expand them). Node 20 has no fs.glob, so
// tinyglobby does the matching.
import * as path from 'node:path';
import { UsageError } from './args';
// A require, not an ESM import: esbuild then bundles tinyglobby's and fdir's CommonJS builds. Their
// ESM builds call createRequire(import.meta.url), and import.meta is empty in a CommonJS bundle.
import tinyglobby = require('tinyglobby');

export interface FileArguments {
  /** In the order given; each pattern's matches sorted, so runs are repeatable. Duplicates dropped. */
  files: string[];
  /**
   * More than one argument or any pattern: reports then take the several-files shape, decided by
   * the command line rather than by how many files a pattern happened to match.
   */
  several: boolean;
}

export async function expandFileArguments(args: readonly string[]): Promise<FileArguments> {
  const files: string[] = [];
  let patterns = 0;
  for (const arg of args) {
    if (!tinyglobby.isDynamicPattern(arg)) {
      files.push(arg);
      continue;
    }
    patterns++;
    const matches = await tinyglobby.glob(arg, {
      onlyFiles: true,
      absolute: path.isAbsolute(arg),
      expandDirectories: false,
    });
    if (matches.length === 0) throw new UsageError(`no file matches ${arg}`);
    files.push(...matches.sort());
  }
  return { files: [...new Set(files)], several: args.length > 1 || patterns > 0 };
}
