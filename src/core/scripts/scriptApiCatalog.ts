// The script API's members with a line of documentation each, for completion after `client.`,
// `response.`, `request.` and their objects inside script blocks. The API itself is prelude.ts.

export interface ScriptMember {
  name: string;
  /** Inserted text: `name(` for functions, `name` otherwise. */
  insert: string;
  doc: string;
}

const fn = (name: string, doc: string): ScriptMember => ({ name, insert: `${name}(`, doc });
const value = (name: string, doc: string): ScriptMember => ({ name, insert: name, doc });

export const SCRIPT_MEMBERS: Readonly<Record<string, readonly ScriptMember[]>> = {
  client: [
    value('global', 'Script variables: `{{name}}` in later requests and later runs.'),
    fn('test', '`client.test(name, fn)`: a named test; fails when `fn` throws or an assert in it fails.'),
    fn('assert', '`client.assert(condition, message)`: fails the test it is in.'),
    fn('log', '`client.log(...values)`: a log line shown with the request.'),
    fn('exit', '`client.exit()`: ends the script.'),
  ],
  'client.global': [
    fn('set', '`set(name, value)`: sets the script variable `name`.'),
    fn('get', '`get(name)`: the value, or null.'),
    fn('isEmpty', '`isEmpty()`: whether no script variable is set.'),
    fn('clear', '`clear(name)`: removes one script variable.'),
    fn('clearAll', '`clearAll()`: removes every script variable.'),
  ],
  response: [
    value('status', 'The status code.'),
    value('statusText', 'The reason phrase.'),
    value('headers', 'The headers: `valueOf(name)`, `valuesOf(name)`.'),
    value('contentType', '`mimeType` and `charset` of Content-Type.'),
    value('body', 'The body: an object for JSON, text otherwise.'),
    value('statusCode', 'httpYac: the status code.'),
    value('parsedBody', 'httpYac: the body, parsed when it is JSON.'),
  ],
  'response.headers': [
    fn('valueOf', '`valueOf(name)`: the first value of the header (any case), or null.'),
    fn('valuesOf', '`valuesOf(name)`: every value of the header.'),
  ],
  'response.contentType': [
    value('mimeType', 'The media type, lower case: `application/json`.'),
    value('charset', 'The charset parameter, or null.'),
  ],
  request: [
    value('variables', 'Pre-request: variables of this request only.'),
    value('environment', 'The variables of the environment, file and `--var`.'),
    value('method', 'The method.'),
    value('url', 'The URL (as written in a pre-request script).'),
    value('headers', 'The headers: `valueOf(name)`, `valuesOf(name)`.'),
  ],
  'request.variables': [
    fn('set', '`set(name, value)`: `{{name}}` in this request.'),
    fn('get', '`get(name)`: a variable of this request, or any variable.'),
  ],
  'request.environment': [fn('get', '`get(name)`: a variable of the environment, file or `--var`.')],
};
