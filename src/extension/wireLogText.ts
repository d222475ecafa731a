// The raw bytes of a run as text for the httpipe output channel, with credentials masked as the run
// history masks them (src/core/common/secretHeaders.ts): logs get copied into bug reports, so secrets
// are hidden unless the user asked for them (httpipe.log.showSecrets). No vscode import: tested directly.
import { maskVisibleText } from '../core/common/secretHeaders';
import type { ConnectionRecord } from '../core/engine/types';
import { visibleBytes } from '../core/report/visibleBytes';

/** Per direction per connection; the panel's wire view has the whole log. */
export const MAX_LOGGED_BYTES = 16 * 1024;

function direction(label: string, bytes: Buffer, truncatedByEngine: boolean, showSecrets: boolean): string {
  const shown = bytes.subarray(0, MAX_LOGGED_BYTES);
  const text = visibleBytes(shown);
  const more = bytes.length - shown.length;
  const notes = [
    more > 0 ? `${more} more bytes not logged` : '',
    truncatedByEngine ? 'the engine stopped keeping bytes at its wire-log limit' : '',
  ].filter(Boolean);
  return `${label} (${bytes.length} bytes${notes.length ? `; ${notes.join('; ')}` : ''})\n${showSecrets ? text : maskVisibleText(text)}`;
}

export function connectionWireText(connection: ConnectionRecord, showSecrets: boolean): string {
  const closed = connection.closeReason ? `, closed: ${connection.closeReason}` : '';
  return [
    `connection #${connection.id} ${connection.origin} (requests ${connection.requests.map((i) => `#${i + 1}`).join(' ') || 'none'}${closed})`,
    direction('>>> written', connection.written, connection.writtenTruncated, showSecrets),
    direction('<<< read', connection.read, connection.readTruncated, showSecrets),
  ].join('\n');
}
