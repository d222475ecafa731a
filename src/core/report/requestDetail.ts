// Everything the detail pane shows for one request. Built on demand when a row is selected, so the
// bulky parts (body preview, raw bytes) are only made for the request the user looks at.
import type { ConnectionRecord, RequestResult, ResponseHead } from '../engine/types';
import { previewBody } from './bodyPreview';
import { formatBytes } from './formatBytes';
import { toRequestSummary } from './requestSummary';
import type { HeaderView, RequestDetailView } from './views';
import { exchangeBytes } from './wireView';

function statusLine(head: ResponseHead): string {
  return `HTTP/${head.httpVersion} ${head.status}${head.statusText ? ` ${head.statusText}` : ''}`;
}

function headerViews(headers: ReadonlyArray<[string, string]>): HeaderView[] {
  return headers.map(([name, value]) => ({ name, value }));
}

/** `connection` is the request's connection record, known once the run has finished. */
export function toRequestDetail(result: RequestResult, connection: ConnectionRecord | undefined, maxBytes: number): RequestDetailView {
  const response = result.response;
  const detail: RequestDetailView = {
    summary: toRequestSummary(result),
    statusLine: response ? statusLine(response) : undefined,
    headers: response ? headerViews(response.headers) : [],
    interim: response ? response.interim.map(statusLine) : [],
    trailers: response ? headerViews(response.trailers) : [],
    body: response ? previewBody(response, maxBytes) : undefined,
  };
  if (!result.wire) {
    detail.rawNote = result.outcome === 'not-sent' ? 'Nothing was written for this request.' : 'No bytes were logged for this request.';
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
