// Re-parsing after an edit. A block's parse depends on nothing but its own lines (text, endings and
// line numbers), so a block that an edit left alone parses to what it parsed to before. The editor
// keeps each version's block results and hands them to the next version's parse, which then parses
// only the blocks the edit touched: typing in a 5,000-request file re-parses one block, not 5,000.
// The results are shared between versions, which is safe because nothing mutates a parsed model.

import { parseBlock, type ParsedBlock } from './blockParser';
import type { Block } from './blockSplitter';
import { DiagnosticSink } from './diagnostics';
import type { ParseDiagnostic } from './model';

interface BlockResult {
  parsed: ParsedBlock;
  diagnostics: readonly ParseDiagnostic[];
}

export class BlockMemo {
  private readonly results = new Map<string, BlockResult>();

  /** `previous`: the memo of the version before, consulted during this version's parse only. */
  constructor(private previous?: BlockMemo) {}

  /** The block's result from the previous version when its lines are the same, else `parse`'s. */
  parse(block: Block, sink: DiagnosticSink, from = 0): ParsedBlock {
    // A block may hold several requests (httpYac): each part is parsed from its first line.
    const key = `${from}:${blockKey(block)}`;
    let result = this.previous?.results.get(key);
    if (!result) {
      const own = new DiagnosticSink();
      result = { parsed: parseBlock(block, own, from), diagnostics: own.items };
    }
    this.results.set(key, result);
    sink.items.push(...result.diagnostics);
    return result.parsed;
  }

  /** The parse is over: drop the previous version, so memos do not chain through every version. */
  done(): void {
    this.previous = undefined;
  }
}

/** The block's first line number and every line as written, endings included. */
function blockKey(block: Block): string {
  const first = block.separator ?? block.lines[0];
  let key = `${first?.index ?? -1}:`;
  if (block.separator) key += block.separator.text + block.separator.ending;
  for (const line of block.lines) key += line.text + line.ending;
  return key;
}
