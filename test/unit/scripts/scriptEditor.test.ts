// Scripts in the editor: member completion inside script blocks, syntax errors and unreadable script
// files as diagnostics before sending, and `{{token}}` set by a handler shown as its barrier instead
// of an undefined variable.
import assert from 'node:assert/strict';
import { completionsAt } from '../../../src/core/language/completion';
import { HttpDocument } from '../../../src/core/language/httpDocument';
import { languageContext } from '../../../src/core/language/languageContext';
import { foldingSpans } from '../../../src/core/language/outline';
import { collectSemanticDiagnostics } from '../../../src/core/language/semanticDiagnostics';

function editor(lines: readonly string[]) {
  const document = new HttpDocument(lines.join('\n'));
  const context = languageContext(document.parsed, {
    filePath: '/nowhere/api.http',
    allowEnvironmentAccess: false,
    processEnv: {},
  });
  return { document, context };
}

describe('scripts in the editor', () => {
  it('completes client., client.global., response. and request.variables. members inside scripts only', () => {
    const { document, context } = editor([
      'GET http://h/',
      'X-A: client.',
      '',
      '> {%',
      '  client.global.',
      '  response.headers.val',
      '  request.variables.',
      '%}',
    ]);
    const labels = (line: number, character: number) =>
      completionsAt(document, { line, character }, context)?.candidates.map((c) => c.label);
    assert.deepEqual(labels(4, 16), ['set', 'get', 'isEmpty', 'clear', 'clearAll']);
    assert.deepEqual(labels(5, 22), ['valueOf', 'valuesOf']);
    assert.deepEqual(labels(6, 20), ['set', 'get']);
    assert.notDeepEqual(labels(1, 12), ['global', 'test', 'assert', 'log', 'exit']);
  });

  it('reports a script syntax error at its line and an unreadable script file before sending', () => {
    const { document, context } = editor([
      'GET http://h/',
      '',
      '> {%',
      '  client.log(1',
      '%}',
      '> ./missing-handler.js',
    ]);
    const problems = collectSemanticDiagnostics(document, context).filter((d) => d.code === 'script-problem');
    assert.deepEqual(
      problems.map((d) => [d.range.start.line, d.message.replace(/ \(.*\)/, '')]),
      [
        [3, 'script syntax error: missing ) after argument list'],
        [5, 'cannot read the script ./missing-handler.js; it does not run'],
      ],
    );
  });

  it('shows a handler-set variable as the barrier it is, not as undefined', () => {
    const { document, context } = editor([
      '# @name login',
      'GET http://h/login',
      '',
      '> {% client.global.set("token", response.body.token) %}',
      '',
      '###',
      'GET http://h/me?t={{token}}&u={{other}}',
    ]);
    const diagnostics = collectSemanticDiagnostics(document, context);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [
        ['script-variable', 'info'],
        ['unknown-variable', 'warning'],
      ],
    );
    assert.match(diagnostics[0].message, /\{\{token\}\} is set by the response handler of #1 login/);
  });

  it('folds each multi-line script block', () => {
    const { document } = editor([
      '{{',
      '  exports.a = 1;',
      '}}',
      'GET http://h/',
      '',
      '> {%',
      '  client.log(1);',
      '%}',
    ]);
    assert.deepEqual(
      foldingSpans(document)
        .filter((span) => span.kind === 'script')
        .map((span) => [span.startLine, span.endLine]),
      [
        [0, 2],
        [5, 7],
      ],
    );
  });
});
