// Cuts the file's lines into blocks at `###` separator lines. The lines above the first separator
// form a block of their own (it may hold variables and a request, as REST Client allows).

import { isSeparator } from './lineKinds';
import type { SourceLine } from './lineScanner';

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
