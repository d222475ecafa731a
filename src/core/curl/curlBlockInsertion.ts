// Where a pasted request block goes in a .http file and with which separators, so it becomes a
// request of its own and leaves the others as they were: never inside another request's block
// (the cursor's block is kept whole, the new one goes after it), always after a `###` line, and
// followed by one when more requests come below without one.
import { parseHttpFile } from '../parser/httpFileParser';

export interface BlockInsertion {
  /** Character offset in the document text. */
  offset: number;
  text: string;
}

export function curlBlockInsertion(documentText: string, cursorLine: number, block: string): BlockInsertion {
  const lineStarts = [0];
  for (let i = documentText.indexOf('\n'); i >= 0; i = documentText.indexOf('\n', i + 1))
    lineStarts.push(i + 1);
  const inside = parseHttpFile(documentText).requests.find(
    (r) => r.range.start.line <= cursorLine && cursorLine <= r.range.end.line,
  );
  const line = inside ? inside.range.end.line + 1 : cursorLine;
  const offset = line < lineStarts.length ? lineStarts[line] : documentText.length;
  const before = documentText.slice(0, offset);
  const after = documentText.slice(offset);

  let prefix = '';
  if (before !== '') {
    if (!before.endsWith('\n')) prefix += '\n';
    const lastLine =
      before
        .replace(/\r?\n$/, '')
        .split('\n')
        .at(-1) ?? '';
    if (lastLine.trim() !== '') prefix += '\n';
  }
  const nextLine = after.split('\n').find((l) => l.trim() !== '');
  const suffix = nextLine === undefined ? '' : nextLine.trimStart().startsWith('###') ? '\n' : '\n###\n';
  return { offset, text: `${prefix}###\n${block}${suffix}` };
}
