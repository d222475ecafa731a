import assert from 'node:assert/strict';
import { HttpDocument } from '../../../src/core/language/httpDocument';
import { foldingSpans, outlineSymbols } from '../../../src/core/language/outline';
import { range } from './languageTestHelpers';
import { bigFileRequestLine, bigHttpFile } from '../../support/bigHttpFile';

describe('language: document model', () => {
  it('finds every reference with the exact range of the braces and of the expression', () => {
    const document = new HttpDocument(
      ['@host = http://x', '', 'GET {{host}}/a?q={{ %query }}', 'X-Id: {{$guid}}'].join('\n'),
    );
    assert.deepEqual(
      document.references.map((r) => [r.expression, r.range, r.expressionRange, r.requestIndex]),
      [
        ['host', range(2, 4, 12), range(2, 6, 10), 0],
        ['query', range(2, 17, 29), range(2, 21, 26), 0],
        ['$guid', range(3, 6, 15), range(3, 8, 13), 0],
      ],
    );
  });

  it('ignores braces in comments, scripts and response handlers, which are never resolved', () => {
    const document = new HttpDocument(
      [
        '# see {{commented}}',
        'GET http://x/{{used}}',
        '',
        '{"a": 1}',
        '',
        '> {% client.global.set("t", "{{handler}}") %}',
      ].join('\n'),
    );
    assert.deepEqual(
      document.references.map((r) => r.expression),
      ['used'],
    );
  });

  it('counts columns after a byte order mark and across CRLF lines like the editor does', () => {
    const document = new HttpDocument('\uFEFFGET http://x/{{a}}\r\nX: {{b}}\r\n');
    assert.deepEqual(
      document.references.map((r) => r.range),
      [range(0, 13, 18), range(1, 3, 8)],
    );
  });
});

describe('language: outline', () => {
  it('lists requests by name (or METHOD url) and file variables, in file order', () => {
    const document = new HttpDocument(
      [
        '@host = http://127.0.0.1:8080',
        '',
        '### login',
        'POST {{host}}/login',
        '',
        '###',
        'GET {{host}}/items',
        '',
        '@limit = 10',
      ].join('\n'),
    );
    assert.deepEqual(
      outlineSymbols(document.parsed).map((s) => [s.kind, s.name, s.detail, s.selectionRange.start.line]),
      [
        ['variable', '@host', 'http://127.0.0.1:8080', 0],
        ['request', 'login', 'POST {{host}}/login', 2],
        ['request', 'GET {{host}}/items', '', 6],
        ['variable', '@limit', '10', 8],
      ],
    );
  });

  it('keeps the selection inside the symbol when `# @name` sits above a variable line', () => {
    const document = new HttpDocument(['# @name first', '@v = 1', 'GET http://x/'].join('\n'));
    const [request] = outlineSymbols(document.parsed).filter((s) => s.kind === 'request');
    assert.deepEqual(request.selectionRange, range(0, 8, 13));
    assert.deepEqual(request.range.start, { line: 0, character: 8 });
    assert.deepEqual(request.range.end, { line: 2, character: 13 });
  });
});

describe('language: folding', () => {
  it('folds each request block and each run of two or more comment lines, not single comments', () => {
    const document = new HttpDocument(
      [
        '# A file comment', // 0
        '# on two lines', // 1
        '', // 2
        '### one', // 3
        '# a single comment', // 4
        'POST http://x/', // 5
        'Content-Type: text/plain', // 6
        '', // 7
        'hello', // 8
        '', // 9
        '### two', // 10
        'GET http://x/', // 11
      ].join('\n'),
    );
    assert.deepEqual(foldingSpans(document), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 3, endLine: 8, kind: 'request' },
      { startLine: 10, endLine: 11, kind: 'request' },
    ]);
  });
});

describe('language: a document after an edit', () => {
  const before = [
    '@host = http://x',
    '',
    '### one',
    '# @name one',
    'GET {{host}}/a',
    'X-A: {{a}}',
    '',
    '### two',
    'POST {{host}}/b',
    'X-Id: {{one.response.body.$.id}}',
    '',
    '{"b": "{{b}}"}',
    '',
    '### three',
    'GET {{host}}/c',
  ];
  const edits: Array<[string, string[]]> = [
    ['a character typed in a header', before.map((l, k) => (k === 5 ? 'X-A: {{a}}x' : l))],
    ['a line inserted above everything', ['# new', ...before]],
    ['a request split in two', [...before.slice(0, 7), '###', ...before.slice(7)]],
    ['a script opened that swallows lines', [...before.slice(0, 11), '> {%', ...before.slice(11)]],
    [
      'a separator made body text (lines keep their text, not their request)',
      before.map((l, k) => (k === 7 ? 'x' : l)),
    ],
    ['a name changed', before.map((l, k) => (k === 3 ? '# @name first' : l))],
    [
      'a request line typed in a body (httpYac), so the requests below move up one index on the same lines',
      before.map((l, k) => (k === 12 ? 'GET {{host}}/new' : l)),
    ],
    ['Enter in the middle (the lines below move down)', [...before.slice(0, 10), '', ...before.slice(10)]],
    ['a line removed in the middle (the lines below move up)', [...before.slice(0, 6), ...before.slice(7)]],
    [
      'a request added in the middle (the lines below move down and their requests up one index)',
      [...before.slice(0, 7), '###', 'GET {{host}}/new', ...before.slice(7)],
    ],
    ['everything removed', ['']],
  ];
  for (const [what, lines] of edits) {
    it(`is the same as a document parsed afresh: ${what}`, () => {
      const previous = new HttpDocument(before.join('\n'));
      const edited = new HttpDocument(lines.join('\n'), previous);
      const fresh = new HttpDocument(lines.join('\n'));
      assert.deepEqual(edited.parsed, fresh.parsed);
      assert.deepEqual(edited.references, fresh.references);
      assert.deepEqual(edited.lines, fresh.lines);
    });
  }

  it('re-uses the requests, problems and references an edit left alone (one block parsed again)', () => {
    const previous = new HttpDocument(before.join('\n'));
    const edited = new HttpDocument(before.map((l, k) => (k === 5 ? 'X-A: {{a}}x' : l)).join('\n'), previous);
    const same = edited.parsed.requests.map((request, k) => request === previous.parsed.requests[k]);
    assert.deepEqual(same, [false, true, true]);
    const kept = edited.references.filter((reference) => previous.references.includes(reference));
    assert.deepEqual(
      kept.map((reference) => reference.expression),
      ['host', 'host', 'one.response.body.$.id', 'b', 'host'],
    );
  });

  it('reads the references of lines a removed script line gives back (they moved up and had none)', () => {
    const scripted = [...before.slice(0, 11), '> {%', ...before.slice(11)];
    const edited = new HttpDocument(before.join('\n'), new HttpDocument(scripted.join('\n')));
    assert.deepEqual(edited.references, new HttpDocument(before.join('\n')).references);
  });

  it('after Enter above many requests, moves their references down a line without reading their lines again', () => {
    const lines = bigHttpFile(200).split('\n');
    const previous = new HttpDocument(lines.join('\n'));
    const at = bigFileRequestLine(100) + 6;
    lines.splice(at, 0, '');
    const edited = new HttpDocument(lines.join('\n'), previous);
    assert.deepEqual(edited.references, new HttpDocument(lines.join('\n')).references);
    const below = (document: HttpDocument): number[] =>
      document.references.filter((r) => r.requestIndex === 150).map((r) => r.range.start.line);
    assert.deepEqual(
      below(edited),
      below(previous).map((line) => line + 1),
    );
    // No line is read again: the 1,100 lines below the edit keep their references, moved.
    assert.equal(edited.scannedLines, 0);
  });
});
