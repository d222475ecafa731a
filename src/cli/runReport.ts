// The human-readable form of one run: a table of requests, each followed by its checks (✓/✗ per
// `??` assertion, --fail-on-status), then wall time, connections, notes, and why requests waited.
// Requests are numbered from 1 here, as people count them.
import type { RequestScripts } from '../core/scripts/types';
import { modeLabel } from '../core/common/runModes';
import { requestLabel } from '../core/engine/requestLabel';
import { requestDurationMs, requestStartMs } from '../core/engine/requestExchanges';
import { describeCookieUse } from '../core/report/cookieUse';
import { describeHopReason } from '../core/report/hopViews';
import { bodySizes } from '../core/encoding/responseBody';
import type { Hop, RequestResult, RunResult } from '../core/engine/types';
import type { FileRun } from './fileRun';
import { requestPassed, type RequestChecks } from './requestChecks';
import { formatBytes, formatMs, tableLines, type Column } from './table';

function statusCell(request: RequestResult): string {
  switch (request.outcome) {
    case 'response':
      return String(request.response.status);
    case 'error':
      return `error (${request.error.phase})`;
    case 'not-sent':
      return 'not sent';
  }
}

function connectionCell(
  request: Pick<RequestResult, 'connectionId' | 'reused' | 'retried' | 'streamId'>,
): string {
  if (request.connectionId === undefined) return '–';
  const flags = [request.reused ? 'reused' : 'new', ...(request.retried ? ['retried'] : [])];
  const stream = request.streamId === undefined ? '' : ` stream ${request.streamId}`;
  return `#${request.connectionId}${stream} ${flags.join(', ')}`;
}

/** Bytes received; after an arrow, the size with the content coding undone (`≥` when only part could be). */
function sizeCell(request: RequestResult): string {
  if (!request.response) return formatBytes(undefined);
  const sizes = bodySizes(request.response);
  const received = formatBytes(sizes.wireBytes);
  if (sizes.decodedBytes === undefined) return received;
  return `${received} → ${sizes.decodedAtLeast ? '≥' : ''}${formatBytes(sizes.decodedBytes)}`;
}

/** One line per hop under the request's row: what came back, why another request followed, where and when. */
function hopLines(request: RequestResult, indent: string): string[] {
  return (request.hops ?? []).map((hop: Hop, i) => {
    const { startMs, endMs } = hop.timings;
    const when = `${formatMs(startMs)} → ${formatMs(endMs)} ms`;
    return `${indent}↳ hop ${i + 1}: ${hop.method} ${hop.url} → ${hop.status}, ${describeHopReason(hop.reason)} (${connectionCell(hop)}, ${when})`;
  });
}

/** The lines under a request's row, indented to its name. */
function checkLines(request: RequestResult, checks: RequestChecks, indent: string): string[] {
  const lines: string[] = [];
  const rule = checks.rejectedBy(request.index);
  // Only a response has a status to reject.
  if (rule && request.outcome === 'response')
    lines.push(`${indent}✗ status ${request.response.status} is rejected by --fail-on-status ${rule}`);
  for (const assertion of checks.assertions(request.index)) {
    lines.push(
      assertion.passed
        ? `${indent}✓ ${assertion.text}`
        : `${indent}✗ ${assertion.text} — ${assertion.message}`,
    );
  }
  lines.push(...scriptLines(checks.scripts(request.index), indent));
  return lines;
}

/** A request's script tests (✓/✗), `client.log` lines, and the error or why the scripts did not run. */
function scriptLines(scripts: RequestScripts | undefined, indent: string): string[] {
  if (!scripts) return [];
  return [
    ...scripts.tests.map((test) =>
      test.passed ? `${indent}✓ ${test.name}` : `${indent}✗ ${test.name} — ${test.message ?? 'failed'}`,
    ),
    ...scripts.logs.map((line) => `${indent}log: ${line}`),
    ...(scripts.error ? [`${indent}✗ script error at ${scripts.error.place}: ${scripts.error.message}`] : []),
    ...(scripts.skipped ? [`${indent}scripts not run: ${scripts.skipped}`] : []),
  ];
}

const RUN_COLUMNS: readonly Column[] = [
  { title: '#', align: 'right' },
  { title: 'request' },
  { title: 'status' },
  { title: 'connection' },
  { title: 'start', align: 'right' },
  { title: 'connected', align: 'right' },
  { title: 'sent', align: 'right' },
  { title: 'first byte', align: 'right' },
  { title: 'end', align: 'right' },
  { title: 'took', align: 'right' },
  { title: 'size', align: 'right' },
];

export function renderRun(result: RunResult, checks?: RequestChecks): string {
  const requests = result.requests;
  let decoded = false;
  const rows = requests.map((request) => {
    const size = sizeCell(request);
    if (size.includes('→')) decoded = true;
    return [
      String(request.index + 1),
      request.name,
      statusCell(request),
      connectionCell(request),
      formatMs(requestStartMs(request)),
      formatMs(request.timings.tlsMs ?? request.timings.connectMs),
      formatMs(request.timings.sentMs),
      formatMs(request.timings.firstByteMs),
      formatMs(request.timings.endMs),
      formatMs(requestDurationMs(request)),
      size,
    ];
  });
  const [heading, ...rowLines] = tableLines(RUN_COLUMNS, rows);
  // The request column starts after the `#` column and its two-space gap.
  const indent = ' '.repeat(Math.max(1, ...requests.map((r) => String(r.index + 1).length)) + 2);
  const lines = [heading];
  // One row per request, each followed by its hops and checks; pushed, not spread: thousands of rows.
  for (let i = 0; i < requests.length; i++) {
    lines.push(rowLines[i]);
    if (requests[i].hops) lines.push(...hopLines(requests[i], indent));
    if (checks) lines.push(...checkLines(requests[i], checks, indent));
  }
  const proxies = [...new Set(result.connections.flatMap((c) => (c.via ? [c.via] : [])))];
  const connections = `${result.connectionsOpened} connection${result.connectionsOpened === 1 ? '' : 's'} opened${proxies.length > 0 ? ` through ${proxies.join(', ')}` : ''}`;
  lines.push(
    '',
    `${modeLabel(result.mode)}: ${formatMs(result.wallMs)} ms wall time, ${connections}${result.cancelled ? ', cancelled' : ''}`,
    '(times in ms since the run started)',
  );
  if (decoded) lines.push('(size: bytes received → decoded, for a Content-Encoding)');
  if (requests.some((request) => request.hops))
    lines.push(
      '(↳ hop: an earlier exchange of the request, a followed redirect or an answered Digest challenge; the row is its final exchange, `took` counts them all)',
    );
  for (const note of result.notes) lines.push(`note: ${note}`);
  // The engine words each reason as a sentence about the request (`waits for #1 login: …`).
  for (const request of requests) {
    for (const wait of request.waits) lines.push(`${requestLabel(request)} ${wait.reason}`);
    if (!request.cookies) continue;
    const cookies = describeCookieUse(request);
    for (const line of [...cookies.used, ...cookies.missed]) lines.push(`${requestLabel(request)} ${line}`);
  }
  return lines.join('\n');
}

/** The closing line of `httpipe run`: how many requests and assertions passed, over every file. */
export function renderSummary(runs: readonly FileRun[]): string {
  const requests = runs.flatMap((run) =>
    run.result.requests.map((request) => requestPassed(request, run.checks)),
  );
  const assertions = runs.flatMap((run) =>
    run.result.requests.flatMap((request) => [
      ...run.checks.assertions(request.index).map((a) => a.passed),
      ...(run.checks.scripts(request.index)?.tests ?? []).map((t) => t.passed),
    ]),
  );
  const count = (verdicts: boolean[], noun: string): string => {
    const passed = verdicts.filter(Boolean).length;
    return `${verdicts.length} ${noun}${verdicts.length === 1 ? '' : 's'}: ${passed} passed, ${verdicts.length - passed} failed`;
  };
  const files = runs.length === 1 ? '' : `${runs.length} files, `;
  return `${files}${count(requests, 'request')}${assertions.length ? `; ${count(assertions, 'assertion')}` : ''}`;
}
