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
  const blocks: Block[] = [{ lines: [] }];
  for (const line of lines) {
    if (isSeparator(line)) blocks.push({ separator: line, lines: [] });
    else blocks[blocks.length - 1].lines.push(line);
  }
  return blocks;
}
