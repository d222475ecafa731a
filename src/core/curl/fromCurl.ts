// "Paste curl" / "Import curl": a curl command line becomes a request block of a .http file. The
// options that describe the request (method, URL, headers, body, credentials, cookies) are carried
// over the way curl itself would send them; options that change how curl behaves (redirects, TLS
// verification, output) have no place in a request block and are listed in a comment, as is anything
// unknown: the user sees what was left behind instead of getting a silently different request.
import { parseHttpFile } from '../parser/httpFileParser';
import { encodeFormBody } from '../plan/formBody';
import { splitCurlWords } from './curlTokens';
import { hasHeader, headerValue } from '../common/headerFields';

export interface CurlImport {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  /** Inline text, or a file the body is read from (`< path`). */
  body?: { kind: 'text'; text: string } | { kind: 'file'; path: string };
  /** What did not carry over, one sentence each, for comment lines above the request. */
  notes: string[];
}

type Handler = (value: string, state: ImportState) => void;

interface DataPiece {
  text?: string;
  file?: string;
  /** Set for `-d @file`: curl drops the file's line breaks, `< file` does not. */
  stripsLineBreaks?: boolean;
}

interface ImportState {
  method?: string;
  urls: string[];
  headers: Array<[string, string]>;
  data: DataPiece[];
  json: boolean;
  get: boolean;
  head: boolean;
  upload?: string;
  cookies: string[];
  /** `-u user:password`, written as Basic, or as Digest with `--digest`, once every option is read. */
  user?: string;
  digest: boolean;
  notes: string[];
}

/** Options with a value, by every name curl accepts for them. */
const WITH_VALUE: Record<string, Handler> = {};
/** Options without a value. */
const FLAGS: Record<string, (state: ImportState, name: string) => void> = {};

function option(names: string[], handler: Handler): void {
  for (const name of names) WITH_VALUE[name] = handler;
}
function flag(names: string[], handler: (state: ImportState, name: string) => void): void {
  for (const name of names) FLAGS[name] = handler;
}

function header(state: ImportState, name: string, value: string): void {
  state.headers.push([name, value]);
}

/** curl's --data-urlencode encoding: everything but letters, digits and `-._~` as %XX of UTF-8 bytes. */
function urlEncode(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9._~-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function dataPiece(value: string, state: ImportState, atMeansFile: boolean, stripsLineBreaks: boolean): void {
  if (atMeansFile && value.startsWith('@')) state.data.push({ file: value.slice(1), stripsLineBreaks });
  else state.data.push({ text: value });
}

option(['-X', '--request'], (value, state) => (state.method = value));
option(['-H', '--header'], (value, state) => {
  if (value.startsWith('@')) {
    state.notes.push(
      `headers from the file ${value.slice(1)} (-H ${value}) are not carried over: copy them in`,
    );
    return;
  }
  const colon = value.indexOf(':');
  const semicolon = value.indexOf(';');
  if (colon < 0 && semicolon > 0 && value.slice(semicolon + 1).trim() === '') {
    header(state, value.slice(0, semicolon).trim(), ''); // `Name;`: curl's way to send an empty header
  } else if (colon <= 0) {
    state.notes.push(`-H ${JSON.stringify(value)} is not a header line and was left out`);
  } else if (value.slice(colon + 1).trim() === '') {
    state.notes.push(
      `-H ${JSON.stringify(value)} tells curl not to send its own ${value.slice(0, colon)} header; httpipe adds none but Host and Content-Length`,
    );
  } else {
    header(state, value.slice(0, colon).trim(), value.slice(colon + 1).trim());
  }
});
option(['-d', '--data', '--data-ascii'], (value, state) => dataPiece(value, state, true, true));
option(['--data-binary'], (value, state) => dataPiece(value, state, true, false));
option(['--data-raw'], (value, state) => dataPiece(value, state, false, false));
option(['--json'], (value, state) => {
  state.json = true;
  dataPiece(value, state, true, false);
});
option(['--data-urlencode'], (value, state) => {
  // Forms: content, =content, name=content, @file, name@file.
  const equals = value.indexOf('=');
  const at = value.indexOf('@');
  if (at >= 0 && (equals < 0 || at < equals)) {
    state.notes.push(
      `--data-urlencode ${value}: a file's content cannot be URL-encoded in a .http file; put the encoded text in the body`,
    );
    return;
  }
  if (equals < 0) state.data.push({ text: urlEncode(value) });
  else if (equals === 0) state.data.push({ text: urlEncode(value.slice(1)) });
  else state.data.push({ text: `${value.slice(0, equals)}=${urlEncode(value.slice(equals + 1))}` });
});
option(['-u', '--user'], (value, state) => {
  if (!value.includes(':'))
    state.notes.push(`curl would ask for ${value}'s password: add it to the Authorization line`);
  state.user = value;
});
option(['--oauth2-bearer'], (value, state) => header(state, 'Authorization', `Bearer ${value}`));
option(['-b', '--cookie'], (value, state) => {
  if (value.includes('=')) state.cookies.push(value);
  else state.notes.push(`-b ${value} reads cookies from a file, which is not carried over`);
});
option(['-A', '--user-agent'], (value, state) => header(state, 'User-Agent', value));
option(['-e', '--referer'], (value, state) => {
  const referer = value.replace(/;auto$/, '');
  if (referer !== '') header(state, 'Referer', referer);
});
option(['-r', '--range'], (value, state) => header(state, 'Range', `bytes=${value}`));
option(['--url'], (value, state) => state.urls.push(value));
option(['-T', '--upload-file'], (value, state) => (state.upload = value));
option(['-F', '--form', '--form-string'], (value, state) =>
  state.notes.push(
    `multipart form fields (-F ${value}) are not carried over: write the multipart body by hand`,
  ),
);

flag(['-I', '--head'], (state) => (state.head = true));
flag(['-G', '--get'], (state) => (state.get = true));
flag(['--compressed'], (state) =>
  state.notes.push(
    '--compressed ignored: httpipe sends no Accept-Encoding of its own and shows bodies as received',
  ),
);
flag(['-k', '--insecure'], (state) =>
  state.notes.push(
    '-k (--insecure): a .http request cannot turn TLS certificate checks off yet; httpipe verifies the certificate',
  ),
);
// httpipe follows redirects as curl -L does, each one shown as a hop; `# @no-redirect` is curl's default.
flag(['-L', '--location'], () => undefined);
flag(['--digest'], (state) => (state.digest = true));
flag(['--basic'], (state) => (state.digest = false));
// Output and progress options change what curl prints, not the request: nothing to carry over.
flag(
  [
    '-s',
    '--silent',
    '-S',
    '--show-error',
    '-v',
    '--verbose',
    '-i',
    '--include',
    '--http1.1',
    '-#',
    '--progress-bar',
    '--no-progress-meter',
    '-N',
    '--no-buffer',
    '-g',
    '--globoff',
  ],
  () => undefined,
);

/** Options curl knows that take a value and have nothing to do in a request block. */
const IGNORED_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '-U',
  '--proxy-user',
  '--retry',
  '--retry-delay',
  '--cacert',
  '--capath',
  '-E',
  '--cert',
  '--key',
  '--resolve',
  '--connect-to',
  '--limit-rate',
  '-c',
  '--cookie-jar',
  '-D',
  '--dump-header',
  '--max-redirs',
  '--interface',
  '--trace',
  '--trace-ascii',
  '--stderr',
  '-K',
  '--config',
]);

const isCurl = (word: string | undefined): boolean =>
  word !== undefined && /^curl(\.exe)?$/i.test(word.split(/[\\/]/).at(-1) ?? '');

export function fromCurl(commandLine: string): CurlImport {
  let split = splitCurlWords(commandLine);
  const notes: string[] = [];
  // `printf '…' | curl … --data-binary @-` (how Copy as curl writes a binary body): the curl part counts.
  if (!isCurl(split.words[0]) && split.afterCommand?.startsWith('|')) {
    const piped = splitCurlWords(split.afterCommand.slice(1));
    if (isCurl(piped.words[0])) {
      notes.push(
        `the command before the pipe (${split.words[0]} …) feeds curl's input, which is not carried over`,
      );
      split = piped;
    }
  }
  const [program, ...args] = split.words;
  if (!isCurl(program))
    throw new Error(`not a curl command: it starts with ${program ? JSON.stringify(program) : 'nothing'}`);
  const state: ImportState = {
    urls: [],
    headers: [],
    data: [],
    json: false,
    get: false,
    head: false,
    cookies: [],
    digest: false,
    notes,
  };
  const unknown: string[] = [];
  const ignored: string[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const takeValue = (name: string, inline?: string): string | undefined => {
      if (inline !== undefined && inline !== '') return inline;
      if (i + 1 >= args.length) {
        state.notes.push(`${name} has no value and was left out`);
        return undefined;
      }
      return args[++i];
    };
    if (arg.startsWith('--')) {
      if (arg === '--') continue;
      if (WITH_VALUE[arg]) {
        const value = takeValue(arg);
        if (value !== undefined) WITH_VALUE[arg](value, state);
      } else if (FLAGS[arg]) FLAGS[arg](state, arg);
      else if (IGNORED_WITH_VALUE.has(arg)) ignored.push(`${arg} ${takeValue(arg) ?? ''}`.trim());
      else unknown.push(arg);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Short options combine (`-sSL`), and a value may follow its letter directly (`-XPOST`).
      for (let j = 1; j < arg.length; j++) {
        const name = `-${arg[j]}`;
        const rest = arg.slice(j + 1);
        if (WITH_VALUE[name]) {
          const value = takeValue(name, rest);
          if (value !== undefined) WITH_VALUE[name](value, state);
          break;
        }
        if (IGNORED_WITH_VALUE.has(name)) {
          ignored.push(`${name} ${takeValue(name, rest) ?? ''}`.trim());
          break;
        }
        if (FLAGS[name]) FLAGS[name](state, name);
        else unknown.push(name);
      }
    } else {
      state.urls.push(arg);
    }
  }

  if (ignored.length > 0)
    state.notes.push(`not carried over (curl behaviour, not part of the request): ${ignored.join(', ')}`);
  if (unknown.length > 0) state.notes.push(`unknown curl options, left out: ${unknown.join(' ')}`);
  if (split.afterCommand) state.notes.push(`not part of the curl command, left out: ${split.afterCommand}`);
  if (split.environmentVariables.length > 0) {
    state.notes.push(
      `reads the environment variables ${split.environmentVariables.join(', ')} ({{$processEnv …}})`,
    );
  }
  return assemble(state);
}

function assemble(state: ImportState): CurlImport {
  const [first, ...others] = state.urls;
  if (first === undefined) throw new Error('the curl command has no URL');
  if (others.length > 0) state.notes.push(`only the first URL is imported; left out: ${others.join(' ')}`);
  let url = /^[a-z][a-z0-9+.-]*:\/\//i.test(first) ? first : `http://${first}`;
  if (state.cookies.length > 0 && !hasHeader(state.headers, 'Cookie'))
    header(state, 'Cookie', state.cookies.join('; '));
  if (state.user !== undefined) {
    // REST Client's forms, which the plan turns into what is sent: `Basic user:password` is encoded,
    // `Digest user password` answers the server's challenge.
    const colon = state.user.indexOf(':');
    const [name, password] =
      colon < 0 ? [state.user, ''] : [state.user.slice(0, colon), state.user.slice(colon + 1)];
    header(
      state,
      'Authorization',
      state.digest ? `Digest ${name} ${password}`.trimEnd() : `Basic ${name}:${password}`,
    );
  }

  const notes = state.notes;
  let body: CurlImport['body'];
  const files = state.data.filter((piece) => piece.file !== undefined);
  const texts = state.data.filter((piece) => piece.text !== undefined).map((piece) => piece.text!);
  if (state.get && state.data.length > 0) {
    // -G: the data goes into the query string instead of a body.
    for (const file of files) notes.push(`-G with @${file.file}: the file's content is not put in the URL`);
    if (texts.length > 0) url += (url.includes('?') ? '&' : '?') + texts.join('&');
  } else if (files.length > 0) {
    const [file] = files;
    if (file.file === '-') notes.push('the body comes from standard input (@-), which is not carried over');
    else body = { kind: 'file', path: file.file! };
    if (file.stripsLineBreaks && file.file !== '-')
      notes.push(
        `curl -d @${file.file} drops the file's line breaks; '< ${file.file}' sends the file as it is`,
      );
    if (state.data.length > 1)
      notes.push(
        'a body is either text or one file in a .http file: only the first file is used, the other data is left out',
      );
  } else if (texts.length > 0) {
    // --json pieces are concatenated; the other data options join with `&` (form fields).
    body = { kind: 'text', text: texts.join(state.json ? '' : '&') };
  }
  if (state.upload !== undefined) {
    if (body) notes.push(`-T ${state.upload} and data together: the data is used`);
    else body = state.upload === '-' ? undefined : { kind: 'file', path: state.upload };
    if (state.upload === '-')
      notes.push('the upload comes from standard input (-T -), which is not carried over');
  }
  if (body && state.json) {
    if (!hasHeader(state.headers, 'Content-Type')) header(state, 'Content-Type', 'application/json');
    if (!hasHeader(state.headers, 'Accept')) header(state, 'Accept', 'application/json');
  } else if (body && state.upload === undefined && !hasHeader(state.headers, 'Content-Type')) {
    header(state, 'Content-Type', 'application/x-www-form-urlencoded'); // what curl sends with -d
  }

  const implied = state.head
    ? 'HEAD'
    : state.get
      ? 'GET'
      : state.data.length > 0
        ? 'POST'
        : state.upload !== undefined
          ? 'PUT'
          : 'GET';
  return { method: state.method ?? implied, url, headers: state.headers, body, notes };
}

/** The request block's text (no `###` line), ending with a line break; notes become `#` comments. */
export function toHttpRequestText(request: CurlImport): string {
  const text = blockText(request, request.notes);
  const misread = misreadParts(text, request);
  return misread.length === 0 ? text : blockText(request, [...request.notes, ...misread]);
}

function blockText(request: CurlImport, notes: string[]): string {
  const lines = notes.map((note) => `# curl: ${note.replace(/\r?\n/g, ' ')}`);
  lines.push(`${request.method} ${request.url}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body) {
    lines.push('');
    lines.push(request.body.kind === 'file' ? `< ${request.body.path}` : request.body.text);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the block back with the .http parser: a body line starting with `#`, `@x =` or `??`, or a
 * header value with a line break, means something else in a .http file. Say so rather than
 * hand over a block that sends a different request.
 */
function misreadParts(text: string, request: CurlImport): string[] {
  const parsed = parseHttpFile(text).requests[0];
  const notes: string[] = [];
  const headers = parsed?.headers.map((h) => [h.name, h.value]) ?? [];
  if (
    !parsed ||
    parsed.method !== request.method.toUpperCase() ||
    parsed.url !== request.url ||
    JSON.stringify(headers) !== JSON.stringify(request.headers)
  ) {
    notes.push(
      'the method, URL or a header has characters a .http request line or header cannot hold (a line break?): check the block',
    );
  }
  if (request.body?.kind === 'text') {
    const body = parsed?.body?.kind === 'inline' ? parsed.body.text : '';
    if (body !== request.body.text) {
      notes.push(
        'some body lines read differently in a .http file (comments, @variables, ?? assertions, < file lines, blank lines around it): save the body to a file and use < path to send it exactly',
      );
    }
    const type = headerValue(request.headers, 'content-type');
    if (/^\s*application\/x-www-form-urlencoded\s*(;|$)/i.test(type ?? '') && encodeFormBody(body) !== body) {
      notes.push(
        'the form body has characters httpipe percent-encodes when sending (spaces, quotes, non-ASCII…), where curl sent them as they are',
      );
    }
  }
  return notes;
}
