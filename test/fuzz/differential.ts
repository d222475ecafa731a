// Differential fuzzing of our ResponseParser against Node's http client (llhttp), shared by the
// fixed-seed mocha test and `npm run fuzz`.
//
// Each case, named by (seed, index) and reproducible from it:
//  1. generates a random valid response (with known expected result) and, often, mutates it;
//  2. parses it with our parser whole, split in two at every (or sampled) byte boundary, and byte by
//     byte — all must agree;
//  3. checks a valid response against its expected result (the generator is an independent oracle);
//  4. fetches the same bytes with Node's http client through a loopback replay server (sometimes written
//     in pieces), and compares acceptance, head, interim responses, body and trailers;
//  5. builds a pipelined stream of 2–5 responses and checks that our parser gives, on the concatenation,
//     the same per-response results as on each response alone (Node's client cannot pipeline).
// A disagreement is a failure unless it is one of the deliberate divergences in
// docs/parser-divergences.md, which are counted by name.

import { isDeepStrictEqual } from 'node:util';
import type { ResponseHead } from '../../src/core/engine/types';
import { fetchWithNode, type ClientResponse } from './nodeClient';
import { parseEverySplit, parseWhole, type ParseEvent, type ParseRun } from './parseEvents';
import { Prng } from './prng';
import { generateResponse, mutateResponse, type GeneratedResponse } from './responseGenerator';
import { startReplayServer, type ReplayServer } from '../support/replayServer';

/** Every divergence the classifiers may name; each has a section in docs/parser-divergences.md. */
export const DOCUMENTED_DIVERGENCES = [
  'obs-fold',
  'lf-only',
  'duplicate-content-length',
  'content-length-list',
  'transfer-encoding-with-content-length',
  'htab-after-framing-value',
  'interim-connection-close',
  'http-version-other-than-1.x',
  'cr-cr-ending-status-line',
] as const;

export type Divergence = (typeof DOCUMENTED_DIVERGENCES)[number];

export interface FuzzConfig {
  seed: string;
  cases: number;
  /** Index of the first case (to re-run one failing case: `first: i, cases: 1`). */
  first?: number;
  /** Check our parser at every byte boundary, or at this many random ones (byte-by-byte is always checked). */
  splits: 'all' | number;
  concurrency: number;
}

export interface CaseFailure {
  caseIndex: number;
  reason: string;
  method: string;
  /** The response stream, JSON-escaped latin1. */
  stream: string;
  mutations: string[];
  ours?: unknown;
  node?: unknown;
}

export interface FuzzReport {
  seed: string;
  cases: number;
  mutated: number;
  /** Valid responses checked against their expected result. */
  oracleChecks: number;
  agreedAccepted: number;
  agreedRejected: number;
  /** Deliberate divergences observed, by name (see docs/parser-divergences.md). */
  divergences: Partial<Record<Divergence, number>>;
  pipelines: number;
  pipelinedResponses: number;
  failures: CaseFailure[];
}

/** Our parser's view of the first response of a stream. */
export interface FirstResponse {
  accepted: boolean;
  interim: ResponseHead[];
  head?: ResponseHead;
  body: string;
  trailers: Array<[string, string]>;
  keepAlive?: boolean;
  error?: { code: string; message: string; offset: number };
}

function firstResponse(run: ParseRun): FirstResponse {
  const result: FirstResponse = { accepted: false, interim: [], body: '', trailers: [] };
  for (const event of run.events) {
    if (event.type === 'interim') result.interim.push(event.head);
    else if (event.type === 'head') result.head = event.head;
    else if (event.type === 'body') result.body += event.data;
    else if (event.type === 'complete')
      return { ...result, accepted: true, trailers: event.trailers, keepAlive: event.keepAlive };
    else return { ...result, error: { code: event.code, message: event.message, offset: event.offset } };
  }
  return {
    ...result,
    error: { code: 'incomplete', message: 'no complete response and no error', offset: -1 },
  };
}

/** Is there a position within two bytes of where llhttp stopped for which `test(text, i)` holds? */
function nearLlhttpError(
  text: string,
  offset: number | undefined,
  test: (text: string, i: number) => boolean,
): boolean {
  if (offset === undefined) return false;
  for (let i = Math.max(0, offset - 2); i <= offset + 1 && i < text.length; i++)
    if (test(text, i)) return true;
  return false;
}

const bareLf = (text: string, i: number) => text[i] === '\n' && text[i - 1] !== '\r';
const foldStart = (text: string, i: number) => text[i - 1] === '\n' && (text[i] === ' ' || text[i] === '\t');
const tab = (text: string, i: number) => text[i] === '\t';

/**
 * The deliberate divergence that explains "we accept, llhttp rejects", judged from llhttp's reason and
 * the bytes where it stopped; undefined when nothing explains it (a failure).
 */
function explainAcceptedOnlyByUs(
  bytes: Buffer,
  ours: FirstResponse,
  node: ClientResponse,
): Divergence | undefined {
  const text = bytes.toString('latin1');
  const error = node.error ?? '';
  const heads = [...ours.interim, ...(ours.head ? [ours.head] : [])];
  const has = (name: string) => heads.some((h) => h.headers.some(([n]) => n.toLowerCase() === name));
  if (error.includes("can't be present with") && has('content-length') && has('transfer-encoding'))
    return 'transfer-encoding-with-content-length';
  if (error.includes('Duplicate Content-Length')) return 'duplicate-content-length';
  if (error.includes('Invalid character in Content-Length')) {
    if (
      heads.some((h) => h.headers.some(([n, v]) => n.toLowerCase() === 'content-length' && v.includes(',')))
    )
      return 'content-length-list';
    if (nearLlhttpError(text, node.errorOffset, tab)) return 'htab-after-framing-value';
  }
  // llhttp names a fold "whitespace after header value", or "invalid value char" when the folded value was empty.
  if (
    /Unexpected whitespace after header value|Invalid header value char/.test(error) &&
    nearLlhttpError(text, node.errorOffset, foldStart)
  )
    return 'obs-fold';
  // "Missing expected CR" and an LF there: a line ending without CR, also when the byte before it was
  // a CR that belonged to chunk data.
  if (error.includes('HPE_CR_EXPECTED') && nearLlhttpError(text, node.errorOffset, (t, i) => t[i] === '\n'))
    return 'lf-only';
  if (
    /Invalid header field char|Invalid header value char|Expected LF after|Invalid response status/.test(
      error,
    ) &&
    nearLlhttpError(text, node.errorOffset, bareLf)
  )
    return 'lf-only';
  if (
    error.includes('Data after `Connection: close`') &&
    ours.interim.some(
      (h) =>
        h.httpVersion === '1.0' ||
        h.headers.some(([n, v]) => n.toLowerCase() === 'connection' && /close/i.test(v)),
    )
  ) {
    return 'interim-connection-close';
  }
  return undefined;
}

/** llhttp does not take `chunked` followed by a tab as chunked, and reads such a body until close. */
function chunkedFollowedByTab(bytes: Buffer): boolean {
  return /transfer-encoding:[^\r\n]*chunked[ \t]*\t[ \t]*\r?\n/i.test(bytes.toString('latin1'));
}

/** Deliberate divergence that explains both accepting with different results. */
function explainDifferentResults(
  bytes: Buffer,
  ours: FirstResponse,
  node: ClientResponse,
): Divergence | undefined {
  if (ours.body !== node.body && chunkedFollowedByTab(bytes)) return 'htab-after-framing-value';
  return undefined;
}

/** Deliberate divergence that explains "llhttp accepts, we reject". */
function explainRejectedOnlyByUs(
  bytes: Buffer,
  ours: FirstResponse,
  node: ClientResponse,
): Divergence | undefined {
  // Our error came after the head: in the chunked body llhttp did not see as chunked.
  if (chunkedFollowedByTab(bytes) && ours.head && ours.error) return 'htab-after-framing-value';
  const version = node.head?.httpVersion;
  if (ours.error?.code === 'unsupported-version' && version !== '1.0' && version !== '1.1')
    return 'http-version-other-than-1.x';
  // We stop at the bare CR, or wait in vain for the empty line llhttp thinks it saw.
  if (!ours.head && /(^|\n)HTTP\/[^\r\n]*\r\r/.test(bytes.toString('latin1')))
    return 'cr-cr-ending-status-line';
  return undefined;
}

function comparable(head: ResponseHead | undefined) {
  return (
    head && {
      httpVersion: head.httpVersion,
      status: head.status,
      statusText: head.statusText,
      headers: head.headers,
    }
  );
}

function randomCuts(rng: Prng, length: number, count: number): number[] {
  const cuts: number[] = [];
  for (let i = 0; i < count && length > 1; i++) cuts.push(rng.int(1, length - 1));
  return cuts;
}

/** Our parser on `bytes`, with the split-consistency check; a thrown assertion becomes the failure reason. */
function parseChecked(
  bytes: Buffer,
  methods: string[],
  finish: boolean,
  rng: Prng,
  splits: FuzzConfig['splits'],
): ParseRun | string {
  try {
    return parseEverySplit(
      bytes,
      methods,
      { finish },
      splits === 'all' ? undefined : randomCuts(rng, bytes.length, splits),
    );
  } catch (error) {
    return `our parser is not split-consistent: ${(error as Error).message.split('\n')[0]}`;
  }
}

function shift(event: ParseEvent, by: number): ParseEvent {
  if (event.type === 'head') return { ...event, start: event.start + by };
  if (event.type === 'complete') return { ...event, end: event.end + by };
  if (event.type === 'error')
    return {
      ...event,
      offset: event.offset + by,
      message: event.message.replace(/\bbyte (\d+)/g, (_, n: string) => `byte ${Number(n) + by}`),
    };
  return event;
}

/**
 * What our parser must report on the concatenation, derived from each response parsed alone. `exact`
 * is false when a response's end could not be known alone (extra bytes after it, or a body that only
 * ends at EOF in the middle of the stream): then only the events up to that response must match.
 */
function composePipeline(parts: GeneratedResponse[]): { events: ParseEvent[]; exact: boolean } {
  const events: ParseEvent[] = [];
  let offset = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (k === parts.length - 1) {
      // The last response starts the same way alone and in the stream: one request waiting, then EOF.
      events.push(
        ...parseWhole(part.bytes, [part.method], { finish: true }).events.map((e) => shift(e, offset)),
      );
      return { events, exact: true };
    }
    const alone = parseWhole(part.bytes, [part.method]);
    const end = alone.events.findIndex((e) => e.type === 'complete' || e.type === 'error');
    if (end === -1) return { events, exact: false }; // its body runs on into the next response
    const upTo = alone.events.slice(0, end + 1);
    events.push(...upTo.map((e) => shift(e, offset)));
    const final = upTo[upTo.length - 1];
    if (final.type !== 'complete' || !final.keepAlive) return { events, exact: true }; // nothing after it is parsed
    if (final.end !== part.bytes.length) return { events, exact: false }; // extra bytes join the next response
    offset += part.bytes.length;
  }
  return { events, exact: true };
}

/**
 * How our first response compares with Node's: agreement, the documented divergence that explains the
 * difference, or a description of an unexplained difference (a failure).
 */
export type Verdict = 'both-accept' | 'both-reject' | Divergence | `unexplained: ${string}`;

export function judge(bytes: Buffer, ours: FirstResponse, node: ClientResponse): Verdict {
  if (ours.accepted && node.accepted) {
    const same =
      isDeepStrictEqual(comparable(ours.head), comparable(node.head)) &&
      isDeepStrictEqual(ours.interim.map(comparable), node.interim.map(comparable)) &&
      ours.body === node.body &&
      isDeepStrictEqual(ours.trailers, node.trailers);
    return same
      ? 'both-accept'
      : (explainDifferentResults(bytes, ours, node) ??
          'unexplained: both accept but report different responses');
  }
  if (!ours.accepted && !node.accepted) return 'both-reject';
  if (ours.accepted)
    return explainAcceptedOnlyByUs(bytes, ours, node) ?? 'unexplained: we accept, llhttp rejects';
  return explainRejectedOnlyByUs(bytes, ours, node) ?? 'unexplained: llhttp accepts, we reject';
}

/** One stream through both parsers (ours whole, Node's over a real loopback connection) and the verdict. */
export async function compareWithNode(
  server: ReplayServer,
  bytes: Buffer,
  method: string,
): Promise<{ verdict: Verdict; ours: FirstResponse; node: ClientResponse }> {
  const ours = firstResponse(parseWhole(bytes, [method], { finish: true }));
  const node = await fetchWithNode(server.port, server.serve(bytes), method);
  return { verdict: judge(bytes, ours, node), ours, node };
}

export async function runDifferentialFuzz(
  config: FuzzConfig,
  onProgress?: (done: number) => void,
): Promise<FuzzReport> {
  const report: FuzzReport = {
    seed: config.seed,
    cases: config.cases,
    mutated: 0,
    oracleChecks: 0,
    agreedAccepted: 0,
    agreedRejected: 0,
    divergences: {},
    pipelines: 0,
    pipelinedResponses: 0,
    failures: [],
  };
  const server = await startReplayServer();
  const first = config.first ?? 0;
  let nextIndex = first;
  let done = 0;
  try {
    const worker = async () => {
      while (nextIndex < first + config.cases) {
        await runCase(nextIndex++, config, server, report);
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: config.concurrency }, worker));
  } finally {
    await server.close();
  }
  report.failures.sort((a, b) => a.caseIndex - b.caseIndex);
  return report;
}

async function runCase(
  caseIndex: number,
  config: FuzzConfig,
  server: ReplayServer,
  report: FuzzReport,
): Promise<void> {
  const rng = new Prng(`${config.seed}:${caseIndex}`);
  // Cut points come from their own stream, so a case generates the same bytes whatever `splits` is.
  const cutRng = new Prng(`${config.seed}:${caseIndex}:cuts`);
  const valid = generateResponse(rng, { allowUntilClose: true, allowLenient: true });
  const response = rng.chance(0.45) ? mutateResponse(rng, valid) : valid;
  if (response.mutations.length > 0) report.mutated++;
  const fail = (reason: string, ours?: unknown, node?: unknown) => {
    report.failures.push({
      caseIndex,
      reason,
      method: response.method,
      stream: JSON.stringify(response.bytes.toString('latin1')),
      mutations: response.mutations,
      ours,
      node,
    });
  };

  const run = parseChecked(response.bytes, [response.method], true, cutRng, config.splits);
  if (typeof run === 'string') return fail(run);
  const ours = firstResponse(run);

  const expected = response.expected;
  if (expected) {
    report.oracleChecks++;
    const want: FirstResponse = {
      accepted: true,
      interim: expected.interim,
      head: expected.head,
      body: expected.body,
      trailers: expected.trailers,
      keepAlive: expected.keepAlive,
    };
    if (!isDeepStrictEqual(ours, want))
      return fail('our parser does not report what the generator built', ours, want);
  }

  const cuts = cutRng.chance(0.3) ? randomCuts(cutRng, response.bytes.length, cutRng.int(1, 3)) : [];
  const node = await fetchWithNode(server.port, server.serve(response.bytes, { cuts }), response.method);
  const verdict = judge(response.bytes, ours, node);
  if (response.lenient.length > 0 && verdict === 'both-accept') {
    // Keeps docs/parser-divergences.md honest: it says llhttp rejects this syntax.
    return fail(
      `llhttp accepted lenient syntax (${response.lenient.join(', ')}) that the divergence notes say it rejects`,
      ours,
      node,
    );
  }
  if (verdict === 'both-accept') report.agreedAccepted++;
  else if (verdict === 'both-reject') report.agreedRejected++;
  else if (DOCUMENTED_DIVERGENCES.includes(verdict as Divergence)) {
    report.divergences[verdict as Divergence] = (report.divergences[verdict as Divergence] ?? 0) + 1;
  } else {
    return fail(verdict, { ...ours, head: comparable(ours.head) }, node);
  }

  checkPipeline(rng, cutRng, config, report, fail);
}

function checkPipeline(
  rng: Prng,
  cutRng: Prng,
  config: FuzzConfig,
  report: FuzzReport,
  fail: (reason: string, ours?: unknown, expected?: unknown) => void,
): void {
  const parts: GeneratedResponse[] = [];
  const count = rng.int(2, 5);
  for (let k = 0; k < count; k++) {
    const part = generateResponse(rng, { allowUntilClose: k === count - 1, allowLenient: true });
    parts.push(rng.chance(0.15) ? mutateResponse(rng, part) : part);
  }
  const stream = Buffer.concat(parts.map((p) => p.bytes));
  const methods = parts.map((p) => p.method);
  report.pipelines++;
  report.pipelinedResponses += count;
  const run = parseChecked(stream, methods, true, cutRng, config.splits === 'all' ? 64 : config.splits);
  if (typeof run === 'string') return fail(`pipeline of ${count}: ${run}`);
  const { events, exact } = composePipeline(parts);
  const actual = exact ? run.events : run.events.slice(0, events.length);
  if (!isDeepStrictEqual(actual, events)) {
    fail(
      `pipeline of ${count} responses (${methods.join(' ')}): results on the concatenation differ from each response alone; stream ${JSON.stringify(stream.toString('latin1'))}`,
      actual,
      events,
    );
  }
}
