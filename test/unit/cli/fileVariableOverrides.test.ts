import assert from 'node:assert/strict';
import { withFileVariableOverrides } from '../../../src/cli/fileVariableOverrides';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';

describe('--var overrides', () => {
  const parsed = parseHttpFile('@host = http://127.0.0.1:8080\n@path = /delay\n\nGET {{host}}{{path}}\n');

  it('replaces the value of a variable the file defines, keeping its place', () => {
    const overridden = withFileVariableOverrides(parsed, [['host', 'http://127.0.0.1:9']]);
    assert.deepEqual(overridden.variables.map(v => [v.name, v.value]), [['host', 'http://127.0.0.1:9'], ['path', '/delay']]);
    assert.deepEqual(overridden.variables[0].range, parsed.variables[0].range);
    assert.equal(parsed.variables[0].value, 'http://127.0.0.1:8080', 'the parsed file is left as it was');
  });

  it('adds variables the file does not define', () => {
    const overridden = withFileVariableOverrides(parsed, [['token', 'abc']]);
    assert.deepEqual(overridden.variables.map(v => [v.name, v.value]), [['token', 'abc'], ['host', 'http://127.0.0.1:8080'], ['path', '/delay']]);
  });

  it('returns the file untouched without overrides', () => {
    assert.equal(withFileVariableOverrides(parsed, []), parsed);
  });
});
