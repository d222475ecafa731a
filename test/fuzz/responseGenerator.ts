// Random HTTP/1.1 responses for differential fuzzing. A generated response comes with what any correct
// parser must report (known by construction, so it is an oracle independent of both parsers); a mutated
// one only with the mutations applied, and is judged by comparing our parser with llhttp.

import type { ResponseHead } from '../../src/core/engine/types';
import type { Prng } from './prng';

/** Syntax our parser accepts on purpose and llhttp (strict) rejects; see docs/parser-divergences.md. */
export type LenientFeature =
  | 'obs-fold'
  | 'lf-only'
  | 'duplicate-content-length'
  | 'content-length-list'
  | 'transfer-encoding-with-content-length';

export interface ExpectedResponse {
  interim: ResponseHead[];
  head: ResponseHead;
  /** latin1, one char per byte. */
  body: string;
  trailers: Array<[string, string]>;
  keepAlive: boolean;
  /** Read until close: complete only at EOF. */
  untilClose: boolean;
}

export interface GeneratedResponse {
  method: 'GET' | 'HEAD';
  bytes: Buffer;
  /** What every correct parser must report; absent once mutated. */
  expected?: ExpectedResponse;
  /** Lenient syntax used on purpose (unknown, so empty, once mutated). */
  lenient: LenientFeature[];
  /** What was done to a valid response to get this one; empty when not mutated. */
  mutations: string[];
}

export interface GenerateOptions {
  /** A body delimited by the connection closing may only be the last response of a stream. */
  allowUntilClose: boolean;
  allowLenient: boolean;
}

const TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
const VALUE_ALPHABET =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t';
const OBS_TEXT = '\x80\xa0\xc3\xa9\xe9\xff';
const HEADER_NAMES = [
  'Content-Type',
  'Cache-Control',
  'X-Request-Id',
  'Set-Cookie',
  'Vary',
  'ETag',
  'Server',
  'Date',
  'Link',
  'X-Empty',
  'Accept-Ranges',
  'Keep-Alive',
];
const STATUSES: Array<[number, string]> = [
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [201, 'Created'],
  [202, 'Accepted'],
  [204, 'No Content'],
  [206, 'Partial Content'],
  [301, 'Moved Permanently'],
  [302, 'Found'],
  [304, 'Not Modified'],
  [400, 'Bad Request'],
  [404, 'Not Found'],
  [418, "I'm a teapot"],
  [500, 'Internal Server Error'],
  [503, 'Service Unavailable'],
  [299, 'Odd'],
  [599, 'Odd'],
];
const INTERIM: Array<[number, string]> = [
  [100, 'Continue'],
  [102, 'Processing'],
  [103, 'Early Hints'],
];
const FRAMING_NAMES = new Set(['content-length', 'transfer-encoding', 'connection']);

/** One header as written (with its optional whitespace) and as a parser must report it. */
interface Field {
  name: string;
  value: string;
  /** The field line(s) without the final line ending; obs-fold lines are joined with `eol` later. */
  wireLines: string[];
}

function randomCase(rng: Prng, name: string): string {
  if (rng.chance(0.7)) return name;
  return [...name].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

function ows(rng: Prng): string {
  return rng.chance(0.7) ? rng.pick(['', ' ']) : rng.string(' \t', 1, 3);
}

/** A field value without leading/trailing whitespace (which parsers strip). */
function fieldValue(rng: Prng): string {
  if (rng.chance(0.08)) return '';
  let value = rng.string(VALUE_ALPHABET, 1, 30);
  if (rng.chance(0.1)) value += rng.string(OBS_TEXT, 1, 3);
  return value.replace(/^[ \t]+|[ \t]+$/g, '') || 'v';
}

function plainField(rng: Prng, name: string, value: string): Field {
  return { name, value, wireLines: [`${name}:${ows(rng)}${value}${ows(rng)}`] };
}

function randomField(rng: Prng): Field {
  let name = rng.chance(0.8) ? randomCase(rng, rng.pick(HEADER_NAMES)) : rng.string(TOKEN_ALPHABET, 1, 12);
  if (FRAMING_NAMES.has(name.toLowerCase())) name = `X-${name}`;
  return plainField(rng, name, fieldValue(rng));
}

/** `Name: first` + continuation line(s): parsers that accept obs-fold report the parts joined by one space. */
function foldedField(rng: Prng): Field {
  const name = randomCase(rng, rng.pick(HEADER_NAMES));
  const first = rng.string(TOKEN_ALPHABET, 1, 10);
  const second = rng.string(TOKEN_ALPHABET, 1, 10);
  return {
    name,
    value: `${first} ${second}`,
    wireLines: [`${name}: ${first}${ows(rng)}`, `${rng.string(' \t', 1, 3)}${second}${ows(rng)}`],
  };
}

function insertAt<T>(rng: Prng, list: T[], item: T): void {
  list.splice(rng.int(0, list.length), 0, item);
}

function statusLine(
  rng: Prng,
  version: string,
  status: number,
  reason: string,
): { line: string; statusText: string } {
  const code = String(status).padStart(3, '0');
  const roll = rng.next() % 10;
  if (roll === 0) return { line: `HTTP/${version} ${code}`, statusText: '' };
  if (roll === 1) return { line: `HTTP/${version} ${code} `, statusText: '' };
  if (roll === 2) {
    const odd = rng.string(VALUE_ALPHABET + OBS_TEXT, 1, 12);
    return { line: `HTTP/${version} ${code} ${odd}`, statusText: odd };
  }
  return { line: `HTTP/${version} ${code} ${reason}`, statusText: reason };
}

function hexSize(rng: Prng, size: number): string {
  let hex = size.toString(16);
  if (rng.chance(0.3)) hex = hex.toUpperCase();
  if (rng.chance(0.15)) hex = '0'.repeat(rng.int(1, 4)) + hex;
  return hex;
}

function chunkExtensions(rng: Prng): string {
  if (!rng.chance(0.2)) return '';
  let ext = '';
  for (let n = rng.int(1, 2); n > 0; n--) {
    ext += `;${rng.string(TOKEN_ALPHABET, 1, 6)}`;
    const kind = rng.next() % 3;
    if (kind === 1) ext += `=${rng.string(TOKEN_ALPHABET, 1, 6)}`;
    if (kind === 2)
      ext += `="${rng.string('abc xyz;=,\\t', 0, 8).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  return ext;
}

function randomBody(rng: Prng): string {
  const length = rng.chance(0.2) ? 0 : rng.chance(0.8) ? rng.int(1, 40) : rng.int(41, 400);
  return rng.chance(0.5)
    ? rng.string(VALUE_ALPHABET + '\r\n', length, length)
    : rng.bytes(length).toString('latin1');
}

export function generateResponse(rng: Prng, options: GenerateOptions): GeneratedResponse {
  const method: 'GET' | 'HEAD' = rng.chance(0.12) ? 'HEAD' : 'GET';
  const version = rng.chance(0.12) ? '1.0' : '1.1';
  const lenient = new Set<LenientFeature>();
  if (options.allowLenient && rng.chance(0.25)) {
    for (let n = rng.int(1, 2); n > 0; n--) {
      lenient.add(
        rng.pick<LenientFeature>([
          'obs-fold',
          'lf-only',
          'duplicate-content-length',
          'content-length-list',
          'transfer-encoding-with-content-length',
        ]),
      );
    }
  }
  const eol = lenient.has('lf-only') ? '\n' : '\r\n';

  const interim: ResponseHead[] = [];
  let text = '';
  if (rng.chance(0.1)) {
    for (let n = rng.int(1, 2); n > 0; n--) {
      const [status, reason] = rng.pick(INTERIM);
      const fields = status === 103 ? [plainField(rng, 'Link', '</style.css>; rel=preload')] : [];
      const { line, statusText } = statusLine(rng, version, status, reason);
      interim.push({
        httpVersion: version,
        status,
        statusText,
        headers: fields.map((f) => [f.name, f.value]),
      });
      text += [line, ...fields.flatMap((f) => f.wireLines)].join(eol) + eol + eol;
    }
  }

  const [status, reason] = rng.pick(STATUSES);
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  const fields: Field[] = [];
  for (let n = rng.int(0, 5); n > 0; n--) fields.push(randomField(rng));
  if (lenient.has('obs-fold')) insertAt(rng, fields, foldedField(rng));

  let connectionClose = false;
  let connectionKeepAlive = false;
  if (rng.chance(0.25)) {
    const value = rng.pick(['close', 'keep-alive', 'Keep-Alive', 'Close', 'keep-alive, close', 'Upgrade']);
    connectionClose = /close/i.test(value);
    connectionKeepAlive = /keep-alive/i.test(value);
    insertAt(rng, fields, plainField(rng, randomCase(rng, 'Connection'), value));
  }

  const body = noBody ? '' : randomBody(rng);
  let framing: 'length' | 'chunked' | 'until-close' = rng.pick(['length', 'length', 'chunked', 'chunked']);
  if (options.allowUntilClose && rng.chance(0.12)) framing = 'until-close';
  if (lenient.has('transfer-encoding-with-content-length')) framing = 'chunked';
  if (lenient.has('duplicate-content-length') || lenient.has('content-length-list')) framing = 'length';
  if (noBody && framing === 'until-close') framing = 'length';

  const contentLength = noBody && rng.chance(0.5) ? rng.int(0, 99) : body.length;
  if (framing === 'length') {
    const value = lenient.has('content-length-list')
      ? `${contentLength},${ows(rng)}${contentLength}`
      : String(contentLength);
    insertAt(rng, fields, plainField(rng, randomCase(rng, 'Content-Length'), value));
    if (lenient.has('duplicate-content-length'))
      insertAt(rng, fields, plainField(rng, 'Content-Length', String(contentLength)));
  } else if (framing === 'chunked') {
    const coding = rng.pick(['chunked', 'chunked', 'Chunked', 'gzip, chunked']);
    insertAt(rng, fields, plainField(rng, randomCase(rng, 'Transfer-Encoding'), coding));
    if (lenient.has('transfer-encoding-with-content-length'))
      insertAt(rng, fields, plainField(rng, 'Content-Length', String(rng.int(0, 99))));
  }

  const { line, statusText } = statusLine(rng, version, status, reason);
  text += [line, ...fields.flatMap((f) => f.wireLines)].join(eol) + eol + eol;

  const trailers: Array<[string, string]> = [];
  if (!noBody) {
    if (framing === 'chunked') {
      let rest = body;
      while (rest.length > 0) {
        const size = rng.int(1, rest.length);
        text += `${hexSize(rng, size)}${chunkExtensions(rng)}${eol}${rest.slice(0, size)}${eol}`;
        rest = rest.slice(size);
      }
      text += `${hexSize(rng, 0)}${chunkExtensions(rng)}${eol}`;
      if (rng.chance(0.25)) {
        for (let n = rng.int(1, 3); n > 0; n--) {
          const trailer = plainField(
            rng,
            rng.pick(['X-Checksum', 'Expires', 'Server-Timing', rng.string(TOKEN_ALPHABET, 1, 8)]),
            fieldValue(rng),
          );
          trailers.push([trailer.name, trailer.value]);
          text += trailer.wireLines[0] + eol;
        }
      }
      text += eol;
    } else {
      text += body;
    }
  }

  const teWithCl = lenient.has('transfer-encoding-with-content-length');
  let keepAlive = !connectionClose && (version === '1.1' || connectionKeepAlive);
  if (framing === 'chunked' && (teWithCl || version === '1.0')) keepAlive = false;
  const untilClose = !noBody && framing === 'until-close';
  if (untilClose) keepAlive = false;

  return {
    method,
    bytes: Buffer.from(text, 'latin1'),
    expected: {
      interim,
      head: { httpVersion: version, status, statusText, headers: fields.map((f) => [f.name, f.value]) },
      body,
      trailers,
      keepAlive,
      untilClose,
    },
    lenient: [...lenient].sort(),
    mutations: [],
  };
}

/** Bytes and strings that tend to reach parser edge cases when inserted or substituted. */
const INTERESTING = [
  '\r',
  '\n',
  '\r\n',
  ' ',
  '\t',
  ':',
  ';',
  ',',
  '=',
  '"',
  '\\',
  '0',
  '1',
  '9',
  'f',
  'F',
  '-',
  '+',
  '\x00',
  '\x01',
  '\x7f',
  '\x80',
  '\xff',
  '\r\n ',
  '\r\n\r\n',
  'chunked',
  'Content-Length: 3\r\n',
  'Transfer-Encoding: chunked\r\n',
  'Connection: close\r\n',
  'HTTP/1.1 200 OK\r\n',
  'HTTP/1.0',
  '100',
];

/** Applies 1–3 random edits (biased towards the head, where the syntax is) to a valid response. */
export function mutateResponse(rng: Prng, response: GeneratedResponse): GeneratedResponse {
  let bytes = response.bytes;
  const mutations: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const headEnd = Math.max(1, bytes.indexOf('\r\n\r\n') + 4, bytes.indexOf('\n\n') + 2);
    const at = rng.chance(0.7) ? rng.int(0, Math.min(headEnd, bytes.length)) : rng.int(0, bytes.length);
    const op = rng.next() % 6;
    if (op === 0 && at < bytes.length) {
      const value = rng.chance(0.5) ? rng.pick(INTERESTING)[0] : String.fromCharCode(rng.next() & 0xff);
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(value, 'latin1'), bytes.subarray(at + 1)]);
      mutations.push(`replace byte ${at} with ${JSON.stringify(value)}`);
    } else if (op <= 2) {
      const value = rng.pick(INTERESTING);
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(value, 'latin1'), bytes.subarray(at)]);
      mutations.push(`insert ${JSON.stringify(value)} at ${at}`);
    } else if (op === 3) {
      const count = rng.int(1, 4);
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + count)]);
      mutations.push(`delete ${count} bytes at ${at}`);
    } else if (op === 4) {
      const count = rng.int(1, 16);
      bytes = Buffer.concat([bytes.subarray(0, at + count), bytes.subarray(at)]);
      mutations.push(`duplicate ${count} bytes at ${at}`);
    } else {
      bytes = bytes.subarray(0, at);
      mutations.push(`truncate at ${at}`);
    }
  }
  return { method: response.method, bytes, lenient: [], mutations };
}
