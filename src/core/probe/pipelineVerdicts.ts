// Verdicts on pipelining, from k copies of the request written back to back on one connection:
// does the server answer them all, in order, on that connection (nothing dropped, garbled or
// re-sent, same status as alone), and does it work on them side by side: k copies taking about the time of one (overlap
// factor k) instead of k times it (factor 1), measured against the keep-alive series' median.
import type { RunResult } from '../engine/types';
import { answered, median, ms, notMeasured, serverTimeMs } from './evidence';
import { skippedWhy } from './connectionVerdicts';
import type { ProbeObservations, Verdict } from './types';

const PIPELINING_Q = 'Accepts pipelined requests?';
const OVERLAP_Q = 'Works on pipelined requests side by side?';
/** Below this a response time is mostly network and scheduling: overlap cannot be told from noise. */
export const MIN_SLOW_MS = 20;
/** Overlap factors at or under this count as "one after another". */
const SERIAL_FACTOR = 1.3;
/** Share of the depth an overlap factor must reach to count as "side by side". */
const PARALLEL_SHARE = 0.75;

export function pipeliningVerdict(observed: ProbeObservations): Verdict {
  const run = observed.pipelined;
  if (!run) {
    const why = skippedWhy(observed);
    return observed.stop
      ? notMeasured('pipelining', PIPELINING_Q, why)
      : {
          id: 'pipelining',
          question: PIPELINING_Q,
          status: 'no',
          answer: `no: ${why}, so nothing can be pipelined`,
          evidence: [],
        };
  }
  const depth = run.requests.length;
  const responses = answered(run);
  const firstConnection = run.requests[0]?.connectionId;
  const onFirst = responses.filter((r) => r.connectionId === firstConnection && !r.retried);
  const backToBack = run.requests.filter(
    (r, i) =>
      i > 0 &&
      r.timings.sentMs !== undefined &&
      r.timings.sentMs < (run.requests[i - 1].timings.endMs ?? Infinity),
  ).length;
  const baseline = answered(observed.budget)[0]?.response;
  // A different status is a different answer; a different body size alone may be a dynamic body
  // (a timestamp, an id), so it is evidence, not the verdict.
  const differing = responses.filter((r) => baseline && r.response.status !== baseline.status);
  const sized = responses.filter(
    (r) => baseline && r.response.status === baseline.status && r.response.bodyBytes !== baseline.bodyBytes,
  );
  const evidence = [
    `${depth} requests written; ${backToBack + 1} of them before the previous response had ended`,
    `${onFirst.length} of ${depth} answered on connection ${firstConnection ?? '–'} without a re-send`,
    ...run.notes,
    ...run.requests
      .filter((r) => r.outcome === 'error')
      .map(
        ({ index, error }) =>
          `#${index + 1}: ${error.message}${error.byteOffset === undefined ? '' : ` (response byte ${error.byteOffset})`}`,
      ),
    ...[...differing, ...sized].map(
      (r) =>
        `#${r.index + 1}: ${r.response.status}, ${r.response.bodyBytes} bytes (alone: ${baseline!.status}, ${baseline!.bodyBytes} bytes)`,
    ),
  ];
  if (observed.stop?.kind === 'cancelled' && onFirst.length < depth)
    return notMeasured('pipelining', PIPELINING_Q, 'the probe was cancelled');
  if (onFirst.length === depth && differing.length === 0)
    return {
      id: 'pipelining',
      question: PIPELINING_Q,
      status: 'yes',
      answer: `yes: ${depth} of ${depth} pipelined requests answered, in order, on one connection`,
      evidence,
      advice: 'Clients may pipeline safe requests (GET, HEAD) to this server.',
    };
  const what =
    onFirst.length === depth
      ? `all ${depth} were answered, but ${differing.length} differently from the same request sent alone`
      : `only ${onFirst.length} of ${depth} were answered on the pipelined connection`;
  return {
    id: 'pipelining',
    question: PIPELINING_Q,
    status: 'no',
    answer: `no: ${what}`,
    evidence,
    advice:
      'Do not pipeline to this server: use keep-alive (httpipe falls back to one request at a time by itself).',
  };
}

export function overlapVerdict(observed: ProbeObservations, pipelining: Verdict): Verdict {
  if (pipelining.status !== 'yes')
    return notMeasured(
      'overlap',
      OVERLAP_Q,
      pipelining.status === 'unknown'
        ? pipelining.answer.replace(/^not measured: /, '')
        : 'pipelining does not work',
    );
  const single = median(
    answered(observed.budget)
      .map(serverTimeMs)
      .filter((t): t is number => t !== undefined),
  );
  if (single === undefined) return notMeasured('overlap', OVERLAP_Q, 'no response time to compare with');
  if (single < MIN_SLOW_MS)
    return notMeasured(
      'overlap',
      OVERLAP_Q,
      `the URL answers in ${ms(single)}, too fast to tell side-by-side work from the network`,
      'Probe an endpoint of yours that takes time (or /delay?ms=500 on the demo server) to answer this one.',
    );
  const run = observed.pipelined as RunResult;
  const depth = run.requests.length;
  const sent = Math.min(...run.requests.map((r) => r.timings.sentMs ?? Infinity));
  const ended = Math.max(...run.requests.map((r) => r.timings.endMs ?? -Infinity));
  const total = ended - sent;
  const factor = (depth * single) / total;
  const evidence = [
    `one request alone: ${ms(single)} (median of the keep-alive series)`,
    `${depth} pipelined: ${ms(total)} from the first request written to the last response read`,
    `overlap factor ${factor.toFixed(2)} = ${depth} × ${ms(single)} / ${ms(total)} (1: one after another, ${depth}: all side by side)`,
  ];
  const base = { id: 'overlap' as const, question: OVERLAP_Q, value: Number(factor.toFixed(2)), evidence };
  if (factor >= PARALLEL_SHARE * depth)
    return {
      ...base,
      status: 'yes',
      answer: `yes: ${depth} pipelined requests took ${ms(total)}, about one request's ${ms(single)} (overlap ${factor.toFixed(1)} of ${depth})`,
      advice: `Pipelining gains ≈ ${factor.toFixed(1)}× on this endpoint for ${depth} requests.`,
    };
  if (factor <= SERIAL_FACTOR)
    return {
      ...base,
      status: 'no',
      answer: `no: ${depth} pipelined requests took ${ms(total)}, about ${depth} × ${ms(single)}: answered one after another`,
      advice:
        'Pipelining saves only the round trips here: the server works on one request at a time per connection. Parallel connections help more.',
    };
  return {
    ...base,
    status: 'partly',
    answer: `partly: ${depth} pipelined requests took ${ms(total)} against ${ms(single)} alone (overlap ${factor.toFixed(1)} of ${depth})`,
    advice: `Pipelining gains ≈ ${factor.toFixed(1)}× on this endpoint for ${depth} requests.`,
  };
}
