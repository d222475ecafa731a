// Verdicts on connection reuse, from the keep-alive series and the idle wait: does the server keep
// connections alive, how many requests does it serve on one before it closes (the connection changes
// after k responses), and how long does an idle connection stay open.
import type { ConnectionRecord, RunResult } from '../engine/types';
import { BUDGET_SERIES_MAX_MS } from './probePlan';
import { answered, describeStop, header, ms, notMeasured, serverSoftware } from './evidence';
import type { ProbeObservations, ProbeStop, Verdict } from './types';

const KEEPALIVE_Q = 'Keeps connections alive?';
const BUDGET_Q = 'Requests per connection before it closes?';
const IDLE_Q = 'How long does an idle connection stay open?';

export function keepAliveVerdict(budget: RunResult | undefined, stop: ProbeStop | undefined): Verdict {
  const responses = answered(budget);
  if (responses.length === 0) return notMeasured('keepalive', KEEPALIVE_Q, noResponseWhy(budget, stop));
  const versions = [...new Set(responses.map((r) => `HTTP/${r.response.httpVersion}`))].join(', ');
  const connectionHeaders = countValues(
    responses.map((r) => header(r, 'connection')?.toLowerCase() ?? '(none)'),
  );
  const reused = responses.filter((r) => r.reused).length;
  const evidence = [
    `${responses.length} responses, ${versions}; Connection header: ${connectionHeaders}`,
    `${reused} of ${responses.length} answered on a connection already used; ${budget!.connectionsOpened} connection${budget!.connectionsOpened === 1 ? '' : 's'} opened`,
  ];
  if (reused > 0)
    return {
      id: 'keepalive',
      question: KEEPALIVE_Q,
      status: 'yes',
      answer: `yes: ${versions}, ${reused} of ${responses.length} requests reused a connection`,
      evidence,
    };
  return {
    id: 'keepalive',
    question: KEEPALIVE_Q,
    status: 'no',
    answer: `no: every response ended its connection (${versions}, Connection: ${connectionHeaders})`,
    evidence,
    advice:
      'Every request pays a new TCP (and TLS) handshake: turn on persistent connections on the server ' +
      '(HTTP/1.1 keep-alive).',
  };
}

/** Connections the server closed, each with the responses it gave on them first. */
function serverClosed(run: RunResult): Array<{ record: ConnectionRecord; responses: number }> {
  const responses = answered(run);
  return run.connections
    .filter((c) => c.closedBy === 'server')
    .map((record) => ({ record, responses: responses.filter((r) => r.connectionId === record.id).length }))
    .filter((c) => c.responses > 0);
}

/** `planned`: the requests the budget series could send; fewer without a close means the time cap ended it. */
export function budgetVerdict(
  budget: RunResult | undefined,
  stop: ProbeStop | undefined,
  planned: number,
): Verdict {
  const responses = answered(budget);
  if (responses.length === 0) return notMeasured('budget', BUDGET_Q, noResponseWhy(budget, stop));
  const closed = serverClosed(budget!);
  const evidence = closed.map(
    ({ record, responses: n }) =>
      `connection ${record.id}: ${n} responses, then ${record.closeReason ?? 'closed'}`,
  );
  if (closed.length === 0) {
    const most = Math.max(
      ...budget!.connections.map((c) => responses.filter((r) => r.connectionId === c.id).length),
    );
    evidence.push(`${responses.length} responses, the server closed no connection`);
    if (!stop && responses.length < planned)
      evidence.push(
        `the series ended after ${BUDGET_SERIES_MAX_MS / 1000} s, before its ${planned} requests: a faster URL measures further`,
      );
    return {
      id: 'budget',
      question: BUDGET_Q,
      status: 'value',
      value: most,
      answer: `at least ${most}: it did not close a connection within ${most} requests`,
      evidence,
    };
  }
  const counts = closed.map((c) => c.responses);
  const budgetValue = Math.max(...counts);
  if (budgetValue === 1)
    return {
      id: 'budget',
      question: BUDGET_Q,
      status: 'value',
      value: 1,
      answer: '1: it closes the connection after every response',
      evidence,
    };
  const same = counts.every((n) => n === budgetValue);
  return {
    id: 'budget',
    question: BUDGET_Q,
    status: 'value',
    value: budgetValue,
    answer: same
      ? `${budgetValue}: it closes a connection after ${budgetValue} requests (seen ${counts.length}×)`
      : `up to ${budgetValue}: it closed connections after ${counts.join(', ')} requests`,
    evidence,
    advice: budgetAdvice(budgetValue, serverSoftware(budget)),
  };
}

function budgetAdvice(budget: number, server: string | undefined): string {
  const name = server?.split('/')[0] ?? 'the server';
  const setting = /nginx/i.test(name)
    ? 'raise keepalive_requests'
    : /apache/i.test(name)
      ? 'raise MaxKeepAliveRequests'
      : 'raise its requests-per-connection limit';
  return `${name} closes after ${budget} requests: ${setting} or let clients open the next connection in time (httpipe reconnects by itself).`;
}

export function idleVerdict(observed: ProbeObservations, idleWaitMs: number): Verdict {
  const idle = observed.idle;
  if (!idle) return notMeasured('idle', IDLE_Q, skippedWhy(observed));
  const [first, second] = idle.run.requests;
  const record = idle.run.connections.find((c) => c.id === first.connectionId);
  const firstEnd = first.timings.endMs;
  if (first.outcome !== 'response' || !record || firstEnd === undefined)
    return notMeasured('idle', IDLE_Q, first.error?.message ?? 'the first request got no response');
  const evidence = [`waited ${ms(idle.waitedMs)} after response 1 on connection ${record.id}`];
  if (idle.closedWhileWaiting && record.closedBy === 'server' && record.closedMs !== undefined) {
    const idleMs = record.closedMs - firstEnd;
    evidence.push(`the server closed connection ${record.id} ${ms(idleMs)} after its last response`);
    return {
      id: 'idle',
      question: IDLE_Q,
      status: 'value',
      value: Math.round(idleMs),
      answer: `about ${ms(idleMs)}: then the server closes it`,
      evidence,
      advice: `Clients that keep connections in a pool should drop idle ones before ${ms(idleMs)}, or a request may meet a closing connection.`,
    };
  }
  if (second.outcome === 'response' && second.connectionId === record.id) {
    evidence.push(`request 2 was answered on the same connection after the wait`);
    return {
      id: 'idle',
      question: IDLE_Q,
      status: 'value',
      value: Math.round(idle.waitedMs),
      answer: `longer than ${ms(idleWaitMs)} (the longest wait the probe makes)`,
      evidence,
    };
  }
  if (observed.stop) return notMeasured('idle', IDLE_Q, describeStop(observed.stop));
  evidence.push(
    `request 2 went on connection ${second.connectionId ?? '–'}${second.retried ? ' (re-sent)' : ''}`,
  );
  return {
    id: 'idle',
    question: IDLE_Q,
    status: 'value',
    answer: `under ${ms(idleWaitMs)}: the connection was gone after the wait, without a close seen during it`,
    evidence,
  };
}

/** Why a step that needs keep-alive did not run. */
export function skippedWhy(observed: ProbeObservations): string {
  if (observed.stop) return describeStop(observed.stop);
  return 'the server does not keep connections alive';
}

function noResponseWhy(run: RunResult | undefined, stop: ProbeStop | undefined): string {
  if (stop) return describeStop(stop);
  const error = run?.requests.find((r) => r.error)?.error;
  return error ? error.message : 'no response';
}

/** `keep-alive ×3, close ×1`. */
function countValues(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => (counts.size === 1 ? value : `${value} ×${n}`)).join(', ');
}
