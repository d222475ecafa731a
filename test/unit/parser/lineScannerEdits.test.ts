// scanLinesAfterEdit must give exactly scanLines' lines for any edit, while keeping the previous
// version's line objects where the edit left them alone. Edits are generated from a fixed seed over
// texts made of the characters that decide line boundaries (LF, CR, CRLF, a BOM) and plain text.
import assert from 'node:assert/strict';
import { scanLines, scanLinesAfterEdit } from '../../../src/core/parser/lineScanner';

/** A small deterministic generator (mulberry32), so a failure names a case that can be re-run. */
function generator(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % below) >>> 0;
  };
}

const PIECES = ['\n', '\r', '\r\n', 'a', 'bc', 'GET /x', '###', ' ', '\uFEFF'];

function randomText(random: (below: number) => number, pieces: number): string {
  let text = '';
  for (let k = 0; k < pieces; k++) text += PIECES[random(PIECES.length)];
  return text;
}

function randomEdit(random: (below: number) => number, text: string): string {
  const from = random(text.length + 1);
  const to = from + random(Math.min(4, text.length - from) + 1);
  return text.slice(0, from) + randomText(random, random(3)) + text.slice(to);
}

/** Edits `runs` generated texts of `pieces(random)` pieces once each and checks every result against scanLines. */
function checkGeneratedEdits(
  seed: number,
  runs: number,
  pieces: (random: (below: number) => number) => number,
) {
  const random = generator(seed);
  for (let run = 0; run < runs; run++) {
    const before = randomText(random, pieces(random));
    const after = randomEdit(random, before);
    const lines = scanLinesAfterEdit(before, scanLines(before), after);
    const what = before.length < 100 ? `${JSON.stringify(before)} -> ${JSON.stringify(after)}` : '';
    assert.deepEqual(lines, scanLines(after), `seed ${seed}, case ${run} ${what}`);
  }
}

describe('parser: lines after an edit', () => {
  it('are the lines of the edited text, for 20,000 generated edits', () => {
    checkGeneratedEdits(17, 20_000, (random) => 1 + random(12));
  });

  it('are the lines of the edited text, for 300 edits of texts longer than a compared chunk', () => {
    checkGeneratedEdits(1700, 300, (random) => 3000 + random(3000));
  });

  it('keeps the line objects before and after a one-character edit', () => {
    const before = ['@a = 1', '', 'GET /x', 'X-A: 1', '', '###', 'GET /y'].join('\r\n');
    const previous = scanLines(before);
    const lines = scanLinesAfterEdit(before, previous, before.replace('X-A: 1', 'X-A: 12'));
    assert.equal(lines.length, previous.length);
    const kept = lines.filter((line, k) => line === previous[k]).map((line) => line.index);
    assert.deepEqual(kept, [0, 1, 2, 4, 5, 6]);
  });

  it('renumbers the lines below an edit that adds a line, keeping their text', () => {
    const before = ['GET /x', 'X-A: 1', '', '###', 'GET /y'].join('\n');
    const previous = scanLines(before);
    const lines = scanLinesAfterEdit(before, previous, before.replace('X-A: 1', 'X-A: 1\nX-B: 2'));
    assert.deepEqual(
      lines.map((line) => [line.index, line.text]),
      [
        [0, 'GET /x'],
        [1, 'X-A: 1'],
        [2, 'X-B: 2'],
        [3, ''],
        [4, '###'],
        [5, 'GET /y'],
      ],
    );
    assert.equal(lines[0], previous[0]);
  });
});
