// Cuts the file's lines into blocks at `###` separator lines. The lines above the first separator
// form a block of their own (it may hold variables and a request, as REST Client allows).

import { isSeparator } from './lineKinds';
import type { LineCursor, SourceLine } from './lineScanner';

export interface Block {
  /** The `###` line that opens the block; absent for the part of the file above the first one. */
  separator?: SourceLine;
  /** The lines after the separator, up to (not including) the next one. */
  lines: SourceLine[];
}

export function splitBlocks(lines: readonly SourceLine[]): Block[] {
  // Each block's lines are one slice of the file's (an array of the right size, made once), not
  // pushed line by line into an array that grows.
  const blocks: Block[] = [];
  let start = 0;
  let separator: SourceLine | undefined;
  for (let k = 0; k <= lines.length; k++) {
    if (k < lines.length && !isSeparator(lines[k])) continue;
    const block: Block = { lines: lines.slice(start, k) };
    if (separator) block.separator = separator;
    blocks.push(block);
    separator = lines[k];
    start = k + 1;
  }
  return blocks;
}

/**
 * The blocks of lines read one at a time (parseHttpFile's): a block is handed on as soon as the next
 * separator is read, so the lines of the blocks already parsed are garbage while the parse goes on,
 * not a whole file of lines kept to its end.
 */
export function* readBlocks(cursor: LineCursor): Generator<Block, void, undefined> {
  let block: Block = { lines: [] };
  for (let line = cursor.next(); line; line = cursor.next()) {
    if (!isSeparator(line)) {
      block.lines.push(line);
      continue;
    }
    yield block;
    block = { separator: line, lines: [] };
  }
  yield block;
}
