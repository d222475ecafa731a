// The human-readable form of one run: a table of requests, then wall time, connections, notes, and
// why requests waited. Requests are numbered from 1 here, as people count them.
import { modeLabel } from '../core/compare/describeComparison';
import { requestLabel } from '../core/engine/requestLabel';
import type { RequestResult, RunResult } from '../core/engine/types';
import { formatBytes, formatMs, formatTable } from './table';

function statusCell(request: RequestResult): string {
  switch (request.outcome) {
    case 'response':
      return String(request.response!.status);
    case 'error':
      return `error (${request.error!.phase})`;
    case 'not-sent':
      return 'not sent';
  }
}

function connectionCell(request: RequestResult): string {
  if (request.connectionId === undefined) return '–';
  const flags = [request.reused ? 'reused' : 'new', ...(request.retried ? ['retried'] : [])];
  return `#${request.connectionId} ${flags.join(', ')}`;
}

function tookMs(request: RequestResult): number | undefined {
  const { startMs, endMs } = request.timings;
  return endMs === undefined ? undefined : endMs - startMs;
}

export function renderRun(result: RunResult): string {
  const table = formatTable(
    [
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
    ],
    result.requests.map(request => [
      String(request.index + 1),
      request.name,
      statusCell(request),
      connectionCell(request),
      formatMs(request.timings.startMs),
      formatMs(request.timings.tlsMs ?? request.timings.connectMs),
      formatMs(request.timings.sentMs),
      formatMs(request.timings.firstByteMs),
      formatMs(request.timings.endMs),
      formatMs(tookMs(request)),
      formatBytes(request.response?.bodyBytes),
    ]),
  );
  const connections = `${result.connectionsOpened} connection${result.connectionsOpened === 1 ? '' : 's'} opened`;
  const lines = [
    table,
    '',
    `${modeLabel(result.mode)}: ${formatMs(result.wallMs)} ms wall time, ${connections}${result.cancelled ? ', cancelled' : ''}`,
    '(times in ms since the run started)',
  ];
  for (const note of result.notes) lines.push(`note: ${note}`);
  // The engine words each reason as a sentence about the request (`waits for #1 login: …`).
  for (const request of result.requests) {
    for (const wait of request.waits) lines.push(`${requestLabel(request)} ${wait.reason}`);
  }
  return lines.join('\n');
}
