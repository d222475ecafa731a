// The HTTP/2 verdict, from the probe's one request in the engine's h2 mode: over https the TLS
// handshake offered h2 by ALPN, over http the connection opened with the HTTP/2 preface (h2c with
// prior knowledge). The engine falls back to HTTP/1.1 with a run note when the server chose another
// ALPN protocol or answered the preface in HTTP/1.x: that is a "no", with the server's answer as evidence.
import { answered, describeStop, ms, notMeasured, serverTimeMs } from './evidence';
import type { ProbeObservations, Verdict } from './types';

const HTTP2_Q = 'Speaks HTTP/2 (ALPN h2, h2c)?';

export function http2Verdict(observed: ProbeObservations, url: URL): Verdict {
  const run = observed.http2;
  if (!run) {
    if (observed.stop) return notMeasured('http2', HTTP2_Q, describeStop(observed.stop));
    return notMeasured('http2', HTTP2_Q, 'HTTP/2 is not tried through a proxy');
  }
  const how = url.protocol === 'https:' ? 'ALPN h2' : 'h2c with prior knowledge';
  const request = run.requests[0];
  // What the engine noted about the protocol (the fallback and its reason), as evidence.
  const notes = run.notes.filter((note) => note.includes('HTTP/2'));
  if (request?.protocol === 'h2') {
    const got = answered(run)[0];
    const connection = run.connections.find((c) => c.id === request.connectionId);
    const settings = connection?.frames?.find(
      (f) => f.direction === 'received' && f.type === 'SETTINGS' && !f.flags.includes('ACK'),
    );
    const evidence = [
      `the connection opened with ${how}`,
      `the server's SETTINGS: ${settings?.detail || 'defaults'}`,
    ];
    if (!got)
      return {
        id: 'http2',
        question: HTTP2_Q,
        status: 'partly',
        answer: `partly: ${how} was accepted, but the ${request.method} on stream ${request.streamId ?? '?'} failed: ${request.error?.message ?? request.notSentReason ?? 'no response'}`,
        evidence: [...evidence, ...notes],
      };
    const took = serverTimeMs(got);
    return {
      id: 'http2',
      question: HTTP2_Q,
      status: 'yes',
      answer: `yes: ${how}; ${got.method} answered ${got.response.status} on stream ${got.streamId ?? '?'}`,
      value: got.streamId,
      evidence: [
        ...evidence,
        `stream ${got.streamId ?? '?'}: ${got.response.status}` +
          (got.response.statusText ? ` ${got.response.statusText}` : '') +
          (took === undefined ? '' : ` in ${ms(took)}`),
        ...notes,
      ],
      advice:
        'Compare HTTP/2 with pipelining and keep-alive on this endpoint: `httpipe compare FILE` ' +
        'runs a .http file in all four modes.',
    };
  }
  if (notes.length === 0 && request?.outcome !== 'response')
    return notMeasured(
      'http2',
      HTTP2_Q,
      `the request got no answer: ${request?.error?.message ?? request?.notSentReason ?? 'not sent'}`,
    );
  const fallback = answered(run)[0];
  return {
    id: 'http2',
    question: HTTP2_Q,
    status: 'no',
    answer: `no: ${reasonOf(notes[0]) ?? `no ${how}`}`,
    evidence: [
      ...notes,
      ...(fallback
        ? [
            `the ${fallback.method} went over HTTP/${fallback.response.httpVersion}: ${fallback.response.status}`,
          ]
        : []),
    ],
    advice:
      url.protocol === 'https:'
        ? 'Offer h2 by ALPN on this TLS listener (nginx: `listen … ssl http2;`, Apache: `Protocols h2 http/1.1`) if clients should multiplex.'
        : undefined,
  };
}

/** The engine's fallback note names why in parentheses: "… does not speak HTTP/2 (why): …". */
function reasonOf(note: string | undefined): string | undefined {
  return note?.match(/does not speak HTTP\/2 \((.*)\): its requests/)?.[1];
}
