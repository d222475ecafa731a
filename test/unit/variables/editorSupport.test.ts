// The small API editor features use: finding references with their ranges, describing a variable
// with its value and source, and listing environments for a picker.
import assert from 'node:assert/strict';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { describeVariable } from '../../../src/core/variables/describeVariable';
import { environmentNames } from '../../../src/core/variables/environments';
import { collectVariableSources } from '../../../src/core/variables/variableSources';
import { findVariableReferences, rangeOfReference } from '../../../src/core/variables/variableReferences';
import { Workspace } from './planTestHelpers';

describe('variables: editor support', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('finds references with spaces, % and offsets, and ignores braces that are not references', () => {
    const text = 'a {{ host }}/{{%q}}\n{{login.response.body.$.id}} {not} {{ }} {{{x}}}';
    const found = findVariableReferences(text).map((r) => [
      r.expression,
      r.percentEncode,
      text.slice(r.start, r.end),
    ]);
    assert.deepEqual(found, [
      ['host', false, '{{ host }}'],
      ['q', true, '{{%q}}'],
      ['login.response.body.$.id', false, '{{login.response.body.$.id}}'],
      ['', false, '{{ }}'],
      ['x', false, '{{x}}'],
    ]);
    const second = findVariableReferences(text)[2];
    assert.deepEqual(rangeOfReference({ file: 'f', start: { line: 4, character: 10 } }, text, second), {
      start: { line: 5, character: 0 },
      end: { line: 5, character: 28 },
    });
  });

  it("describes a variable with its value and where it comes from, using the run's precedence", () => {
    ws.write({ 'http-client.env.json': JSON.stringify({ dev: { host: 'env.test', port: '81' } }) });
    const text = '@base = http://{{host}}:{{port}}\n@host = file.test\n\n# @name login\nGET {{base}}/';
    ws.write({ 'api.http': text });
    const collected = collectVariableSources(parseHttpFile(text), {
      filePath: ws.path('api.http'),
      workspaceRoot: ws.root,
      environment: 'dev',
      allowEnvironmentAccess: false,
    });
    assert.deepEqual(describeVariable('base', collected), {
      value: 'http://file.test:81',
      source: `file variable at ${ws.path('api.http')}:1:2`,
    });
    assert.deepEqual(describeVariable('port', collected), {
      value: '81',
      source: 'environment "dev" (http-client.env.json)',
    });
    assert.match(describeVariable('$guid', collected).source, /dynamic variable/);
    assert.match(
      describeVariable('login.response.body.$.id', collected).problem ?? '',
      /after 'login' has been answered/,
    );
    assert.match(describeVariable('$processEnv HOME', collected).problem ?? '', /not trusted/);
    assert.deepEqual(describeVariable('nope', collected).source, 'not defined');
  });

  it('lists environment names from env files and settings, without $shared', () => {
    ws.write({
      'http-client.env.json': JSON.stringify({ $shared: {}, dev: {} }),
      'http-client.private.env.json': JSON.stringify({ mine: {} }),
    });
    assert.deepEqual(environmentNames(ws.path('a/b.http'), ws.root, { staging: {} }), [
      'dev',
      'mine',
      'staging',
    ]);
  });
});
