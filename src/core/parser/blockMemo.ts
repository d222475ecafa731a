// Re-parsing after an edit. A block's parse depends on nothing but its own lines (text, endings and
// line numbers) and on how many requests are above it (its request's index), so a block that an
// edit left alone parses to what it parsed to before. The editor keeps each version's block results
// and hands them to the next version's parse, which then parses only the blocks the edit touched:
// typing in a 5,000-request file re-parses one block, not 5,000, and the other requests are the
// very objects of the version before (so what the editor derives from a request can be kept too).
// The results are shared between versions, which is safe because nothing mutates a parsed model.
//
// Results are found by the block's first line number and compared line by line: no key is built
// from the block's text, which would copy the whole file on every edit.

import { parseBlock, type ParsedBlock } from './blockParser';
import type { Block } from './blockSplitter';
import { DiagnosticSink } from './diagnostics';
import type { SourceLine } from './lineScanner';
import type { ParseDiagnostic } from './model';

interface BlockResult {
  block: Block;
  parsed: ParsedBlock;
  diagnostics: readonly ParseDiagnostic[];
}

export class BlockMemo {
  /** By the block's first line number; `rest`: the parts of a block read on from a later line (httpYac), by `first:from`. */
  private readonly results = new Map<number, BlockResult>();
  private readonly rest = new Map<string, BlockResult>();

  /** `previous`: the memo of the version before, consulted during this version's parse only. */
  constructor(private previous?: BlockMemo) {}

  /**
   * The block's result from the previous version when its lines are the same and its request has the
   * same index, else `parseBlock`'s.
   */
  parse(block: Block, sink: DiagnosticSink, from: number, requestIndex: number): ParsedBlock {
    // A block may hold several requests (httpYac): each part is parsed from its first line.
    const first = firstLineNumber(block);
    const key = from === 0 ? first : `${first}:${from}`;
    let result = this.previous?.lookUp(key);
    if (
      !result ||
      (result.parsed.request !== undefined && result.parsed.request.index !== requestIndex) ||
      !sameLines(result.block, block)
    ) {
      const own = new DiagnosticSink();
      result = { block, parsed: parseBlock(block, own, from, requestIndex), diagnostics: own.items };
    }
    if (typeof key === 'number') this.results.set(key, result);
    else this.rest.set(key, result);
    for (const diagnostic of result.diagnostics) sink.items.push(diagnostic);
    return result.parsed;
  }

  private lookUp(key: number | string): BlockResult | undefined {
    return typeof key === 'number' ? this.results.get(key) : this.rest.get(key);
  }

  /** The parse is over: drop the previous version, so memos do not chain through every version. */
  done(): void {
    this.previous = undefined;
  }
}

function firstLineNumber(block: Block): number {
  return (block.separator ?? block.lines[0])?.index ?? -1;
}

/** Same separator and lines, as written (endings included); the first line numbers are already equal. */
function sameLines(a: Block, b: Block): boolean {
  if (a.lines.length !== b.lines.length) return false;
  if ((a.separator === undefined) !== (b.separator === undefined)) return false;
  if (a.separator && b.separator && !sameLine(a.separator, b.separator)) return false;
  for (let k = 0; k < a.lines.length; k++) if (!sameLine(a.lines[k], b.lines[k])) return false;
  return true;
}

function sameLine(a: SourceLine, b: SourceLine): boolean {
  return a === b || (a.text === b.text && a.ending === b.ending);
}
