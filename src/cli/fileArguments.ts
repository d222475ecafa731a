// The files `httpipe run` was given: literal paths as typed, glob patterns expanded here (quoted
// patterns reach us unexpanded, and Windows shells never expand them). Node 20 has no fs.glob, so
// tinyglobby does the matching.
import * as path from 'node:path';
import { UsageError } from './args';
import type * as Tinyglobby from 'tinyglobby';

/** Characters without which an argument is a plain path, so most runs never load the glob library. */
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

/**
 * Loaded on first use, to keep it out of the CLI's start-up. A require, not an ESM import: esbuild
 * then bundles tinyglobby's and fdir's CommonJS builds. Their ESM builds call
 * createRequire(import.meta.url), and import.meta is empty in a CommonJS bundle.
 */
function tinyglobby(): typeof Tinyglobby {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return require('tinyglobby') as typeof Tinyglobby;
}

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
    if (!GLOB_CHARACTERS.test(arg) || !tinyglobby().isDynamicPattern(arg)) {
      files.push(arg);
      continue;
    }
    patterns++;
    const matches = await tinyglobby().glob(arg, {
      onlyFiles: true,
      absolute: path.isAbsolute(arg),
      expandDirectories: false,
    });
    if (matches.length === 0) throw new UsageError(`no file matches ${arg}`);
    files.push(...matches.sort());
  }
  return { files: [...new Set(files)], several: args.length > 1 || patterns > 0 };
}
