// Environments: JetBrains env files (public, private, $shared, found up to the workspace root),
// REST Client settings with $shared, .env and the process environment, and untrusted workspaces.
import assert from 'node:assert/strict';
import { messages, prepare, prepareError, Workspace } from './planTestHelpers';

const env = (value: unknown) => JSON.stringify(value, null, 2);

describe('variables: environments', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  const hostOf = async (options: Parameters<Workspace['plan']>[1], lines = ['GET http://{{host}}/']) =>
    (await prepare(ws.plan(lines, options), 0)).url.host;

  it('reads the selected environment of http-client.env.json; numbers and booleans become text', async () => {
    ws.write({
      'http-client.env.json': env({
        dev: { host: 'dev.test', port: 8080, secure: false },
        prod: { host: 'prod.test' },
      }),
    });
    const prepared = await prepare(
      ws.plan(['GET http://{{host}}:{{port}}/?s={{secure}}'], { environment: 'dev' }),
      0,
    );
    assert.equal(prepared.url.href, 'http://dev.test:8080/?s=false');
    assert.equal(await hostOf({ environment: 'prod' }), 'prod.test');
  });

  it('does not offer SSLConfiguration (client TLS settings) as a {{variable}}', async () => {
    ws.write({
      'http-client.env.json': env({
        dev: { host: 'dev.test', SSLConfiguration: { verifyHostCertificate: false } },
      }),
    });
    assert.match(
      await prepareError(ws.plan(['GET http://{{SSLConfiguration}}/'], { environment: 'dev' }), 0),
      /"SSLConfiguration" is not defined/,
    );
    assert.equal(await hostOf({ environment: 'dev' }), 'dev.test');
  });

  it('lets http-client.private.env.json override the public file, name by name', async () => {
    ws.write({
      'http-client.env.json': env({ dev: { host: 'public.test', user: 'pub' } }),
      'http-client.private.env.json': env({ dev: { host: 'private.test' } }),
    });
    const prepared = await prepare(ws.plan(['GET http://{{host}}/{{user}}'], { environment: 'dev' }), 0);
    assert.equal(prepared.url.href, 'http://private.test/pub');
  });

  it('uses $shared when no environment is selected, and the selected environment over $shared', async () => {
    ws.write({
      'http-client.env.json': env({ $shared: { host: 'shared.test', v: '1' }, dev: { host: 'dev.test' } }),
    });
    assert.equal(await hostOf({}), 'shared.test');
    const prepared = await prepare(ws.plan(['GET http://{{host}}/{{v}}'], { environment: 'dev' }), 0);
    assert.equal(prepared.url.href, 'http://dev.test/1');
  });

  it('reads REST Client settings environments with $shared, and {{$shared name}} inside their values', async () => {
    const settingsEnvironments = {
      $shared: { version: 'v1', host: 'shared.test' },
      local: { host: 'local.test', base: 'http://{{host}}/{{$shared version}}' },
    };
    const prepared = await prepare(
      ws.plan(['GET {{base}}/x'], { environment: 'local', settingsEnvironments }),
      0,
    );
    assert.equal(prepared.url.href, 'http://local.test/v1/x');
  });

  it('ranks env files above settings for the same environment', async () => {
    ws.write({ 'http-client.env.json': env({ dev: { host: 'file.test' } }) });
    assert.equal(
      await hostOf({ environment: 'dev', settingsEnvironments: { dev: { host: 'settings.test' } } }),
      'file.test',
    );
  });

  it('finds env files in parent folders up to the workspace root, the nearest first, never above the root', async () => {
    ws.write({
      'http-client.env.json': env({ dev: { host: 'root.test', port: '1' } }),
      'api/v2/http-client.env.json': env({ dev: { host: 'near.test' } }),
    });
    const nested = ws.plan(['GET http://{{host}}/'], { environment: 'dev' }, 'api/v2/sub/x.http');
    assert.equal((await prepare(nested, 0)).url.host, 'near.test');
    const belowRoot = ws.plan(
      ['GET http://{{host}}/'],
      { environment: 'dev', workspaceRoot: ws.path('api') },
      'api/x.http',
    );
    assert.match(messages(belowRoot, 'error').join('\n'), /environment "dev" is not defined/);
  });

  it('hints at the environments that define an undefined name', async () => {
    ws.write({ 'http-client.env.json': env({ dev: { host: 'd' }, prod: { host: 'p' }, other: {} }) });
    const plan = ws.plan(['GET http://{{host}}/']);
    assert.match(
      messages(plan, 'error').join(),
      /variable "host" is not defined .*; environments "dev", "prod" define it: select one$/,
    );
    assert.match(await prepareError(plan, 0), /environments "dev", "prod" define it: select one/);
  });

  it('reports an unknown environment with the names that exist', () => {
    ws.write({ 'http-client.env.json': env({ dev: {}, test: {} }) });
    const plan = ws.plan(['GET http://h/'], { environment: 'prod' });
    const problem = plan.problems.find((p) => p.severity === 'error');
    assert.ok(problem);
    assert.match(problem.message, /environment "prod" is not defined \(defined: dev, test;/);
    assert.equal(problem.file, ws.path('http-client.env.json'));
  });

  it('reports an env file that is not valid JSON at the line and column of the mistake', () => {
    ws.write({ 'http-client.env.json': '{\n  "dev": {\n    "host": "h",\n  }\n}' });
    const plan = ws.plan(['GET http://h/'], { environment: 'dev' });
    const problem = plan.problems.find((p) => p.message.includes('not valid JSON'));
    assert.ok(problem, JSON.stringify(plan.problems));
    assert.equal(problem.range.start.line, 3);
  });

  it('points an undefined name inside an env value into the env file', async () => {
    ws.write({ 'http-client.env.json': '{\n  "dev": {\n    "base": "http://{{nope}}"\n  }\n}' });
    const message = await prepareError(ws.plan(['GET {{base}}/'], { environment: 'dev' }), 0);
    assert.match(message, /^\{\{nope\}\} at .*http-client\.env\.json:3:21: /);
  });

  it('says (info) when a file variable hides an environment variable, since JetBrains would pick the environment', async () => {
    ws.write({ 'http-client.env.json': env({ dev: { host: 'env.test' } }) });
    const plan = ws.plan(['@host = file.test', '', 'GET http://{{host}}/'], { environment: 'dev' });
    assert.equal((await prepare(plan, 0)).url.host, 'file.test');
    const info = plan.problems.find((p) => p.severity === 'info');
    assert.ok(info);
    assert.match(
      info.message,
      /@host is used instead of "host" from environment "dev" \(http-client\.env\.json\)/,
    );
    assert.deepEqual(info.range, { start: { line: 0, character: 1 }, end: { line: 0, character: 5 } });
  });

  it('reads {{$processEnv NAME}} and {{$processEnv %name}} (the name held by a variable)', async () => {
    const processEnv = { API_TOKEN: 's3cret', PROD_TOKEN: 'p' };
    const plan = ws.plan(
      [
        '@which = PROD_TOKEN',
        '',
        'GET http://h/',
        'A: {{$processEnv API_TOKEN}}',
        'B: {{$processEnv %which}}',
      ],
      { processEnv },
    );
    assert.deepEqual((await prepare(plan, 0)).headers, [
      ['A', 's3cret'],
      ['B', 'p'],
    ]);
    const missing = ws.plan(['GET http://h/{{$processEnv NOPE_NOT_SET}}'], { processEnv });
    assert.match(messages(missing, 'error').join(), /process environment variable NOPE_NOT_SET is not set/);
    assert.match(await prepareError(missing, 0), /process environment variable NOPE_NOT_SET is not set/);
  });

  it('reads {{$dotenv NAME}} from the nearest .env, with dotenv quoting rules', async () => {
    ws.write({ '.env': 'TOKEN="a b # not a comment"\nexport OTHER=x # comment\n' });
    const plan = ws.plan(
      ['GET http://h/', 'T: {{$dotenv TOKEN}}', 'O: {{$dotenv OTHER}}'],
      {},
      'sub/api.http',
    );
    assert.deepEqual((await prepare(plan, 0)).headers, [
      ['T', 'a b # not a comment'],
      ['O', 'x'],
    ]);
    const missing = ws.plan(['GET http://h/{{$dotenv NOPE}}']);
    assert.match(messages(missing, 'error').join(), /NOPE is not defined in .*\.env/);
    assert.match(await prepareError(missing, 0), /NOPE is not defined in .*\.env/);
  });

  it('says there is no .env when {{$dotenv}} is used without one', async () => {
    assert.match(await prepareError(ws.plan(['GET http://h/{{$dotenv X}}']), 0), /there is no \.env file in/);
  });

  it('refuses $processEnv and $dotenv in an untrusted workspace, with the reason, at plan time and prepare', async () => {
    ws.write({ '.env': 'X=1' });
    const options = { allowEnvironmentAccess: false, processEnv: { HOME: '/home/me' } };
    const plan = ws.plan(
      ['GET http://h/{{$processEnv HOME}}', '', '###', 'GET http://h/{{$dotenv X}}'],
      options,
    );
    assert.deepEqual(messages(plan, 'warning').length, 2);
    const first = await prepareError(plan, 0);
    assert.match(
      first,
      /^\{\{\$processEnv HOME\}\} at .*api\.http:1:14: \$processEnv is not resolved because this workspace is not trusted/,
    );
    assert.match(
      await prepareError(plan, 1),
      /\$dotenv is not resolved because this workspace is not trusted/,
    );
  });
});

describe('variables: values without a place in a file', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
  });
  afterEach(() => ws.remove());

  it('names the settings variable an undefined reference sits in, and where it was used', async () => {
    const plan = ws.plan(['GET http://{{host}}/'], {
      environment: 'dev',
      settingsEnvironments: { dev: { host: '{{ghost}}.test' } },
    });
    const message = await prepareError(plan, 0);
    assert.match(
      message,
      /^\{\{ghost\}\} in host from environment "dev" \(settings httpipe\.environments \/ rest-client\.environmentVariables\): variable "ghost" is not defined/,
    );
    assert.match(message, /reached through \{\{host\}\} at .*api\.http:1:12$/);
  });
});
