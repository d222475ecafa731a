// Command-line parsing with Node's built-in util.parseArgs: three commands with a handful of flags
// do not earn a dependency. Usage errors throw UsageError, which main turns into exit code 2.
import { DEFAULT_RUN_MODE, isRunMode, RUN_MODES, type RunMode } from '../core/common/runModes';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../core/engine/runContext';
import { parseArgs } from 'node:util';
import { messageOf } from '../core/common/messageOf';

const USAGE_ERROR = Symbol.for('httpipe.UsageError');

/**
 * A mistake in the command line or its files (exit code 2). The bundled CLI is two files (the commands
 * are loaded on demand, see scripts/build.mjs), each with its own copy of this class, so `instanceof`
 * asks for a mark shared through the global symbol registry rather than for this copy's prototype.
 */
export class UsageError extends Error {
  readonly [USAGE_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && USAGE_ERROR in value;
  }
}

export const USAGE = `Usage:
  httpipe run FILE|GLOB... [--mode ${RUN_MODES.join('|')}] [--json] [--junit FILE]
              [--fail-on-status 4xx,5xx,404] [--memory-budget MIB] [--env NAME] [--var NAME=VALUE]...
              [--certificates FILE] [--insecure] [--no-cookie-jar] [--no-follow-redirects]
              [--proxy URL | --no-proxy] [--no-scripts]
  httpipe compare FILE [--repeat N] [--json] [--env NAME] [--var NAME=VALUE]...
              [--certificates FILE] [--insecure] [--no-cookie-jar] [--no-follow-redirects]
              [--proxy URL | --no-proxy]
  httpipe probe URL [--json] [--method GET|HEAD] [--max-requests N] [--idle-wait SECONDS]
              [--max-per-connection N] [--depth K] [--timeout MS] [--insecure]
              [--proxy URL | --no-proxy]
  httpipe demo-server [--port P] [--tls-port P]
  httpipe --version

  run          send each file's requests in one mode (default ${DEFAULT_RUN_MODE}), file after file, show every
               request's timings and check its \`?? status == 200\` assertions; globs (\`api/**/*.http\`)
               are expanded by httpipe, so quote them
  compare      run the file in all four modes (fresh, keep-alive, pipelined, HTTP/2) N times (default 5),
               interleaved, and compare wall times
  probe        ask one server how it handles connections: keep-alive, requests per connection,
               idle timeout, pipelining, side-by-side work on pipelined requests, TLS; sends only
               GET (or HEAD) to URL, at most --max-requests (default 200) in all, says what it will
               send before it sends, stops on 429/503; --idle-wait caps the idle wait (default 10),
               --depth sets the pipelined copies (default 4); exit 0 answered, 1 the server could
               not be reached or asked the probe to stop (429/503)
  demo-server  start the demo server on 127.0.0.1 (routes /delay?ms=N, /status/CODE, /bytes?n=N,
               /chunked?n=N, /echo, /redirect?to=PATH&status=302, /digest (user and
               password demo), /stats); HTTP/1.1 and h2c on --port, HTTP/2 over TLS with a
               self-signed certificate made at start on --tls-port (default: a free port);
               stop it with Ctrl+C

  --env NAME        use the environment NAME (http-client.env.json / settings) for {{variables}}
  --var NAME=VALUE  set a variable, overriding @NAME in the file and the environment (repeatable)
  --timeout MS      per-request timeout (default ${DEFAULT_REQUEST_TIMEOUT_MS})
  --certificates FILE  client certificates by host, JSON like VS Code's httpipe.certificates:
                    {"localhost:8443": {"cert": "client.crt", "key": "client.key"}} (also pfx,
                    passphrase, ca); paths relative to FILE's folder. The environment's
                    SSLConfiguration in http-client(.private).env.json applies too; a key marked
                    hasCertificatePassphrase takes its passphrase from HTTPIPE_CLIENT_CERT_PASSPHRASE
  --insecure        do not verify servers' TLS certificates (development servers only; says so
                    on stderr)
  --no-cookie-jar   send no cookies from the run's cookie jar and store no Set-Cookie (each run,
                    and each run of compare, otherwise has its own jar, empty at its start)
  --no-follow-redirects  a 3xx is the final response (otherwise followed, up to 10 per request,
                    each shown as a hop; # @no-redirect turns it off for one request)
  --proxy URL       send through this HTTP proxy (http://host:port, credentials as user:pass@):
                    http: requests in absolute-form, https: ones through CONNECT. Without it the
                    proxy comes from HTTP_PROXY / HTTPS_PROXY (lower-case spellings first), with
                    NO_PROXY's exceptions (which also apply to --proxy)
  --no-proxy        connect directly, whatever the environment says
  --no-scripts      run no pre-request scripts or response handlers (\`< {% … %}\`, \`> {% … %}\`,
                    httpYac \`{{ … }}\`); otherwise they run in httpipe's sandbox (no files, network,
                    process or environment), 1 s each at most
  --json            print one JSON object on stdout instead of tables (run with several files or a
                    glob: {"passed": …, "files": [one run per file]})
  --junit FILE      run: also write a JUnit XML report (a testsuite per file, a testcase per request)
  --fail-on-status LIST  run: a response whose status is in LIST fails its request (4xx, 5xx, 404, …)
  --memory-budget MIB  run: response bodies kept in memory by a run, all together (default 256);
                    bodies past it are counted (sizes, assertions on status and headers) but not kept

Exit codes: 0 every request got a response and passed its assertions and script tests, 1 a
request failed, an assertion or a script test failed, a script threw, a status was rejected by --fail-on-status, or a file has errors, 2 usage error,
130 cancelled (Ctrl+C).`;

/** How a file is read and run, whichever command runs it. */
export interface LoadOptions {
  json: boolean;
  environment?: string;
  variables: Array<[string, string]>;
  requestTimeoutMs?: number;
  /** --insecure: TLS certificates are not verified. */
  insecure: boolean;
  /** --certificates FILE: client certificates by host. */
  certificates?: string;
  /** False with --no-cookie-jar: runs get no cookie jar. */
  cookieJar: boolean;
  /** False with --no-follow-redirects: a 3xx is the final response. */
  followRedirects: boolean;
  /** --proxy URL, as typed. */
  proxy?: string;
  /** --no-proxy: connect directly, whatever HTTP_PROXY says. */
  noProxy: boolean;
  /** False with --no-scripts: pre-request scripts and response handlers do not run. */
  scripts: boolean;
}

export interface FileCommandArgs extends LoadOptions {
  file: string;
}

export interface RunArgs extends LoadOptions {
  command: 'run';
  mode: RunMode;
  /** Files and glob patterns, as typed. */
  files: string[];
  /** `4xx`, `404`, … in the order given. */
  failOnStatus: string[];
  junit?: string;
  /** --memory-budget, in bytes: body bytes the run keeps in memory; undefined: the engine's default. */
  memoryBudgetBytes?: number;
}

export interface ProbeArgs {
  command: 'probe';
  url: string;
  json: boolean;
  method: 'GET' | 'HEAD';
  maxRequests: number;
  idleWaitMs: number;
  maxPerConnection?: number;
  depth: number;
  requestTimeoutMs?: number;
  insecure: boolean;
  proxy?: string;
  noProxy: boolean;
}

export type Command =
  | { command: 'help' }
  | { command: 'version' }
  | RunArgs
  | ProbeArgs
  | ({ command: 'compare'; repeat: number } & FileCommandArgs)
  | { command: 'demo-server'; port: number; tlsPort: number };

function wholeNumber(value: string | undefined, flag: string, min: number, fallback: number): number;
function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined;
function wholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${value}"`);
  return Number(value);
}

function variable(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--var needs NAME=VALUE, got "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

const fileOptions = {
  json: { type: 'boolean' },
  env: { type: 'string' },
  var: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  insecure: { type: 'boolean' },
  certificates: { type: 'string' },
  'no-cookie-jar': { type: 'boolean' },
  'no-scripts': { type: 'boolean' },
  'no-follow-redirects': { type: 'boolean' },
  proxy: { type: 'string' },
  'no-proxy': { type: 'boolean' },
} as const;

/** `4xx,5xx,404` (also repeated flags) into its parts; each a status class or an exact code. */
function statusList(values: readonly string[]): string[] {
  const parts = values.flatMap((value) => value.split(',')).map((part) => part.trim().toLowerCase());
  for (const part of parts) {
    if (!/^[1-5]xx$|^[1-5]\d\d$/.test(part)) {
      throw new UsageError(
        `--fail-on-status takes status classes and codes like 4xx,5xx,404; "${part}" is neither`,
      );
    }
  }
  return parts;
}

function parseFileCommand(rest: string[], extra: Record<string, { type: 'string'; multiple?: boolean }>) {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { ...fileOptions, ...extra },
    allowPositionals: true,
    strict: true,
  });
  const common: LoadOptions = {
    json: values.json ?? false,
    environment: values.env,
    variables: (values.var ?? []).map(variable),
    requestTimeoutMs: wholeNumber(values.timeout, '--timeout', 1),
    insecure: values.insecure ?? false,
    certificates: values.certificates,
    cookieJar: !(values['no-cookie-jar'] ?? false),
    followRedirects: !(values['no-follow-redirects'] ?? false),
    proxy: values.proxy,
    noProxy: values['no-proxy'] ?? false,
    scripts: !(values['no-scripts'] ?? false),
  };
  if (common.certificates === '') throw new UsageError('--certificates needs a FILE to read');
  if (common.proxy !== undefined && common.noProxy)
    throw new UsageError('--proxy and --no-proxy cannot go together');
  return { values: values as Record<string, unknown>, positionals, common };
}

export function parseCommandLine(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  try {
    switch (name) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return { command: 'help' };
      case 'version':
      case '--version':
      case '-V':
        return { command: 'version' };
      case 'run': {
        const { values, positionals, common } = parseFileCommand(rest, {
          mode: { type: 'string' },
          junit: { type: 'string' },
          'fail-on-status': { type: 'string', multiple: true },
          'memory-budget': { type: 'string' },
        });
        if (positionals.length === 0) throw new UsageError('httpipe run needs at least one FILE or GLOB');
        const mode = (values.mode as string | undefined) ?? DEFAULT_RUN_MODE;
        if (!isRunMode(mode))
          throw new UsageError(`--mode must be one of ${RUN_MODES.join(', ')}, got "${mode}"`);
        const junit = values.junit as string | undefined;
        if (junit === '') throw new UsageError('--junit needs a FILE to write');
        const budgetMiB = wholeNumber(values['memory-budget'] as string | undefined, '--memory-budget', 0);
        return {
          command: 'run',
          mode,
          files: positionals,
          failOnStatus: statusList((values['fail-on-status'] as string[] | undefined) ?? []),
          junit,
          ...(budgetMiB === undefined ? {} : { memoryBudgetBytes: budgetMiB * 1024 * 1024 }),
          ...common,
        };
      }
      case 'compare': {
        const { values, positionals, common } = parseFileCommand(rest, { repeat: { type: 'string' } });
        if (positionals.length !== 1)
          throw new UsageError(`httpipe compare needs exactly one FILE, got ${positionals.length}`);
        return {
          command: 'compare',
          repeat: wholeNumber(values.repeat as string | undefined, '--repeat', 1, 5),
          file: positionals[0],
          ...common,
        };
      }
      case 'probe':
        return parseProbe(rest);
      case 'demo-server': {
        const { values } = parseArgs({
          args: rest,
          options: { port: { type: 'string' }, 'tls-port': { type: 'string' } },
          strict: true,
        });
        const port = wholeNumber(values.port, '--port', 0, 0);
        if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
        const tlsPort = wholeNumber(values['tls-port'], '--tls-port', 0, 0);
        if (tlsPort > 65535) throw new UsageError(`--tls-port must be at most 65535, got ${tlsPort}`);
        return { command: 'demo-server', port, tlsPort };
      }
      default:
        throw new UsageError(`unknown command "${name}"`);
    }
  } catch (error) {
    // parseArgs reports unknown or malformed flags with its own error codes; they are usage errors too.
    if (error instanceof UsageError) throw error;
    throw new UsageError(messageOf(error));
  }
}

function parseProbe(rest: string[]): ProbeArgs {
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean' },
      method: { type: 'string' },
      'max-requests': { type: 'string' },
      'idle-wait': { type: 'string' },
      'max-per-connection': { type: 'string' },
      depth: { type: 'string' },
      timeout: { type: 'string' },
      insecure: { type: 'boolean' },
      proxy: { type: 'string' },
      'no-proxy': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(`httpipe probe needs exactly one URL, got ${positionals.length}`);
  const method = (values.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD')
    throw new UsageError(
      `--method must be GET or HEAD (the probe sends nothing else), got "${values.method}"`,
    );
  const idleWait = values['idle-wait'] ?? '10';
  if (!/^\d+(\.\d+)?$/.test(idleWait) || Number(idleWait) > 600)
    throw new UsageError(`--idle-wait must be a number of seconds from 0 to 600, got "${idleWait}"`);
  if (values.proxy !== undefined && values['no-proxy'])
    throw new UsageError('--proxy and --no-proxy cannot go together');
  return {
    command: 'probe',
    url: positionals[0],
    json: values.json ?? false,
    method,
    maxRequests: wholeNumber(values['max-requests'], '--max-requests', 1, 200),
    idleWaitMs: Math.round(Number(idleWait) * 1000),
    maxPerConnection: wholeNumber(values['max-per-connection'], '--max-per-connection', 2),
    depth: wholeNumber(values.depth, '--depth', 2, 4),
    requestTimeoutMs: wholeNumber(values.timeout, '--timeout', 1),
    insecure: values.insecure ?? false,
    proxy: values.proxy,
    noProxy: values['no-proxy'] ?? false,
  };
}
