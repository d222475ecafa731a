// `{{$dotenv NAME}}`: the nearest `.env` from the .http file's folder up to the workspace root
// (REST Client reads the one next to the file; looking upwards also finds a project-level one).
// Parsed with the `dotenv` package's `parse`, which handles quotes, escapes, `export` and
// multi-line values the way users expect from every other tool reading the same file. Read once
// per plan, on first use, so a file without `$dotenv` never touches `.env`.
import * as fs from 'node:fs';
import type * as Dotenv from 'dotenv';
import { findNearest } from './searchFolders';

/** Loaded on first use: dotenv loads node:crypto (for its vaults), a cost the CLI's start-up skips. */
function parse(text: Buffer): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return (require('dotenv') as typeof Dotenv).parse(text);
}

export interface DotenvValue {
  value: string;
  file: string;
}

export class DotenvSource {
  private loaded?: { file: string; values: Record<string, string> };

  constructor(private readonly folders: readonly string[]) {}

  /** Throws when there is no `.env` or it cannot be read; undefined when the name is not in it. */
  lookup(name: string): DotenvValue | undefined {
    const { file, values } = this.load();
    return Object.hasOwn(values, name) ? { value: values[name], file } : undefined;
  }

  /** The file `lookup` reads, for messages. */
  get file(): string | undefined {
    return this.loaded?.file ?? findNearest(this.folders, '.env');
  }

  private load(): { file: string; values: Record<string, string> } {
    if (this.loaded) return this.loaded;
    const file = findNearest(this.folders, '.env');
    if (!file) throw new Error(`there is no .env file in ${this.folders.join(' or ')}`);
    let text: Buffer;
    try {
      text = fs.readFileSync(file);
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
        cause: error,
      });
    }
    this.loaded = { file, values: parse(text) };
    return this.loaded;
  }
}
