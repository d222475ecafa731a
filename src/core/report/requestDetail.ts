// Everything the detail pane shows for one request. Built on demand when a row is selected, so the
// bulky parts (body preview, raw bytes) are only made for the request the user looks at.
import type { RequestScripts } from '../scripts/types';
import type { ConnectionRecord, Hop, RequestResult, ResponseHead } from '../engine/types';
import { previewBody } from './bodyPreview';
import { formatBytes } from './formatBytes';
import { toRequestSummary } from './requestSummary';
import type { HeaderView, HopDetailView, RequestDetailView } from './views';
import { exchangeBytes } from './wireView';

function statusLine(head: Pick<ResponseHead, 'httpVersion' | 'status' | 'statusText'>): string {
  return `HTTP/${head.httpVersion} ${head.status}${head.statusText ? ` ${head.statusText}` : ''}`;
}

function headerViews(headers: ReadonlyArray<[string, string]>): HeaderView[] {
  return headers.map(([name, value]) => ({ name, value }));
}

/** A connection's record by id, known once the run has finished (undefined before). */
export type ConnectionLookup = (id: number | undefined) => ConnectionRecord | undefined;

function hopDetail(hop: Hop, connectionFor: ConnectionLookup, maxBytes: number): HopDetailView {
  const connection = connectionFor(hop.connectionId);
  const detail: HopDetailView = { statusLine: statusLine(hop), headers: headerViews(hop.headers) };
  if (connection && hop.wire) {
    detail.rawRequest = exchangeBytes(connection.written, hop.wire.written, maxBytes)?.text;
    detail.rawResponse = exchangeBytes(connection.read, hop.wire.read, maxBytes)?.text;
  }
  return detail;
}

export function toRequestDetail(
  result: RequestResult,
  connectionFor: ConnectionLookup,
  maxBytes: number,
  scripts?: RequestScripts,
): RequestDetailView {
  const response = result.response;
  const connection = connectionFor(result.connectionId);
  const detail: RequestDetailView = {
    summary: toRequestSummary(result, scripts),
    statusLine: response ? statusLine(response) : undefined,
    headers: response ? headerViews(response.headers) : [],
    interim: response ? response.interim.map(statusLine) : [],
    trailers: response ? headerViews(response.trailers) : [],
    body: response ? previewBody(response, maxBytes) : undefined,
    hopDetails: (result.hops ?? []).map((hop) => hopDetail(hop, connectionFor, maxBytes)),
  };
  if (!result.wire) {
    detail.rawNote =
      result.outcome === 'not-sent'
        ? 'Nothing was written for this request.'
        : 'No bytes were logged for this request.';
    return detail;
  }
  if (!connection) {
    detail.rawNote = 'Raw bytes are shown when the run has finished.';
    return detail;
  }
  const written = exchangeBytes(connection.written, result.wire.written, maxBytes);
  const read = exchangeBytes(connection.read, result.wire.read, maxBytes);
  detail.rawRequest = written?.text;
  detail.rawResponse = read?.text;
  if (written?.cut || read?.cut || !written || (result.wire.read && !read)) {
    detail.rawNote = `Raw bytes are cut at ${formatBytes(maxBytes)} per direction or at the connection's wire log limit; save the body for all of it.`;
  }
  return detail;
}
