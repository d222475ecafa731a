// Editor features on the syntax of other tools: the outline shows httpYac's @title and
// @description, and go to definition follows `@ref name`, `run #name`, `run ./file` and `import`.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { directiveDefinitionAt } from '../../../src/core/language/directiveNavigation';
import { collectSemanticDiagnostics } from '../../../src/core/language/semanticDiagnostics';
import { foldingSpans, outlineSymbols } from '../../../src/core/language/outline';
import { at, open, range, removeTempFolders } from './languageTestHelpers';

describe('language: directives of other tools', () => {
  after(removeTempFolders);

  it('shows @title as the name and @description as detail in the outline', () => {
    const { document } = open(['# @title List users', '# @description all of them', 'GET /users']);
    const [symbol] = outlineSymbols(document.parsed);
    assert.equal(symbol.name, 'List users');
    assert.equal(symbol.detail, 'GET /users — all of them');
  });

  it("does not call @prompt names or a @loop's $index and item undefined", () => {
    const { document, context } = open([
      '# @prompt token',
      '# @loop for item of items',
      'GET http://h/{{token}}/{{item}}/{{$index}}',
      '###',
      'GET http://h/{{token}}',
    ]);
    const codes = collectSemanticDiagnostics(document, context).map((d) => [d.range.start.line, d.code]);
    assert.deepEqual(codes, [[4, 'unknown-variable']]);
  });

  it('folds scripts of several lines and /* */ comments', () => {
    const { document } = open(['/*', ' about', '*/', 'GET /a', '', '{{', '  test();', '}}', '', 'GET /b']);
    assert.deepEqual(
      foldingSpans(document).map((s) => [s.startLine, s.endLine, s.kind]),
      [
        [0, 7, 'request'],
        [0, 2, 'comment'],
        [5, 7, 'script'],
      ],
    );
  });

  it('goes from @ref and run #name to the named request, from import and run ./file to the file', () => {
    const { document, filePath } = open(
      [
        'import ./other.http',
        '',
        '# @name login',
        'GET /login',
        '###',
        '# @ref login',
        'GET /a',
        '###',
        'run #remote',
        'run ./other.http',
        'GET /b',
      ],
      {},
      { 'other.http': '\n# @name remote\nGET /remote' },
    );
    const other = path.join(path.dirname(filePath), 'other.http');
    const definition = (line: number, character: number) =>
      directiveDefinitionAt(document.parsed, at(line, character), filePath);
    assert.deepEqual(definition(5, 9), { range: range(2, 8, 13) });
    assert.deepEqual(definition(8, 6), { file: other, range: range(1, 8, 14) });
    assert.deepEqual(definition(0, 10), { file: other, range: range(0, 0, 0) });
    assert.deepEqual(definition(9, 8), { file: other, range: range(0, 0, 0) });
    assert.equal(definition(6, 2), undefined);
  });
});
