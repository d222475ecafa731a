import assert from 'node:assert/strict';
import { parseCommandLine, UsageError } from '../../../src/cli/args';

describe('CLI arguments', () => {
  it('defaults run to keep-alive and collects repeated --var flags in order', () => {
    assert.deepEqual(
      parseCommandLine(['run', 'a.http', '--var', 'host=http://127.0.0.1:1', '--var', 'x=a=b']),
      {
        command: 'run',
        mode: 'keepalive',
        files: ['a.http'],
        failOnStatus: [],
        junit: undefined,
        json: false,
        environment: undefined,
        variables: [
          ['host', 'http://127.0.0.1:1'],
          ['x', 'a=b'],
        ],
        requestTimeoutMs: undefined,
        insecure: false,
        certificates: undefined,
        cookieJar: true,
        followRedirects: true,
        proxy: undefined,
        noProxy: false,
        scripts: true,
      },
    );
  });

  it('takes several files and globs for run, --junit, and --fail-on-status as classes and codes, also repeated', () => {
    const run = parseCommandLine([
      'run',
      'a.http',
      'api/**/*.http',
      '--junit',
      'out.xml',
      '--fail-on-status',
      '4xx, 5XX',
      '--fail-on-status',
      '404',
    ]);
    assert.deepEqual(run.command === 'run' && [run.files, run.junit, run.failOnStatus], [
      ['a.http', 'api/**/*.http'],
      'out.xml',
      ['4xx', '5xx', '404'],
    ]);
  });

  it('reads run --memory-budget in MiB (0 keeps no body), and leaves the default to the engine', () => {
    const run = parseCommandLine(['run', 'a.http', '--memory-budget', '64']);
    assert.equal(run.command === 'run' && run.memoryBudgetBytes, 64 * 1024 * 1024);
    const none = parseCommandLine(['run', 'a.http', '--memory-budget', '0']);
    assert.equal(none.command === 'run' && none.memoryBudgetBytes, 0);
    const unset = parseCommandLine(['run', 'a.http']);
    assert.equal(unset.command === 'run' && unset.memoryBudgetBytes, undefined);
  });

  it('reads compare with its repeat count and run with mode, env, json and timeout', () => {
    const compare = parseCommandLine(['compare', 'a.http', '--repeat', '3', '--json']);
    assert.equal(compare.command === 'compare' && compare.repeat, 3);
    assert.equal(compare.command === 'compare' && compare.json, true);
    assert.equal((parseCommandLine(['compare', 'a.http']) as { repeat: number }).repeat, 5);
    const run = parseCommandLine([
      'run',
      '--mode',
      'pipelined',
      'a.http',
      '--env',
      'dev',
      '--timeout',
      '500',
    ]);
    assert.deepEqual(run.command === 'run' && [run.mode, run.environment, run.requestTimeoutMs], [
      'pipelined',
      'dev',
      500,
    ]);
    const noJar = parseCommandLine(['compare', 'a.http', '--no-cookie-jar']);
    assert.equal(noJar.command === 'compare' && noJar.cookieJar, false);
    const tls = parseCommandLine(['compare', 'a.http', '--insecure', '--certificates', 'certs.json']);
    assert.deepEqual(tls.command === 'compare' && [tls.insecure, tls.certificates], [true, 'certs.json']);
    assert.deepEqual(parseCommandLine(['demo-server', '--port', '8080']), {
      command: 'demo-server',
      port: 8080,
      tlsPort: 0,
    });
    assert.deepEqual(parseCommandLine(['demo-server', '--tls-port', '8443']), {
      command: 'demo-server',
      port: 0,
      tlsPort: 8443,
    });
    assert.deepEqual(
      parseCommandLine(['run', 'a.http', '--mode', 'h2']).command === 'run' &&
        parseCommandLine(['run', 'a.http', '--mode', 'h2']),
      {
        ...parseCommandLine(['run', 'a.http']),
        mode: 'h2',
      },
    );
    assert.deepEqual(parseCommandLine([]), { command: 'help' });
    for (const flag of ['--version', '-V', 'version'])
      assert.deepEqual(parseCommandLine([flag]), { command: 'version' });
  });

  it('turns every mistake into a UsageError that says what is wrong', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['run', 'a.http', '--mode', 'parallel'],
        /--mode must be one of fresh, keepalive, pipelined, h2, got "parallel"/,
      ],
      [['run'], /run needs at least one FILE or GLOB/],
      [['compare', 'a.http', 'b.http'], /compare needs exactly one FILE, got 2/],
      [
        ['run', 'a.http', '--fail-on-status', '4xx,40'],
        /--fail-on-status takes status classes and codes like 4xx,5xx,404; "40" is neither/,
      ],
      [['run', 'a.http', '--fail-on-status', '6xx'], /"6xx" is neither/],
      [['run', 'a.http', '--junit', ''], /--junit needs a FILE/],
      [['run', 'a.http', '--junit'], /--junit/],
      [['run', 'a.http', '--certificates', ''], /--certificates needs a FILE/],
      [['compare', 'a.http', '--repeat', '0'], /--repeat must be a whole number of at least 1/],
      [['run', 'a.http', '--memory-budget', '1.5'], /--memory-budget must be a whole number of at least 0/],
      [['run', 'a.http', '--var', 'novalue'], /--var needs NAME=VALUE/],
      [['run', 'a.http', '--colour'], /Unknown option '--colour'/],
      [['demo-server', '--port', '70000'], /--port must be at most 65535/],
      [['serve'], /unknown command "serve"/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(
        () => parseCommandLine(argv),
        (error: unknown) => error instanceof UsageError && message.test(error.message),
        argv.join(' '),
      );
    }
  });
});
