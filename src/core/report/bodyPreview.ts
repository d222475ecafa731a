// The body preview: pretty JSON, text in its charset, images as data URIs, binary as a hex dump,
// all cut at a size limit with a note that says so, because a preview must never freeze the panel.
import { TextDecoder } from 'node:util';
import type { ResponseData } from '../engine/types';
import { bodyContent } from './bodyContent';
import { headerValue } from '../common/headerFields';
import { formatBytes } from './formatBytes';
import { kindOfMediaType, languageFor, parseMediaType } from './mediaType';
import type { BodyKind, BodyView } from './views';

/** Hex dumps take about four characters per byte: they get a smaller share of the limit. */
const HEX_DUMP_BYTES_PER_LIMIT_BYTE = 1 / 4;

function decodeText(bytes: Buffer, charset: string | undefined): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // stream: a multi-byte character cut by the limit is held back instead of becoming U+FFFD.
  return decoder.decode(bytes, { stream: true });
}

/** Bytes without a declared type: text when they are UTF-8 without NUL bytes, binary otherwise. */
function sniffKind(bytes: Buffer): BodyKind {
  const sample = bytes.subarray(0, 4096);
  if (sample.includes(0)) return 'binary';
  // A sequence cut at the sample's end is fine; anything else that fails to decode is binary.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    return 'binary';
  }
  const start = sample.toString('utf8').trimStart()[0];
  return start === '{' || start === '[' ? 'json' : 'text';
}

export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

function truncationNote(response: ResponseData, shownBytes: number, totalBytes: number): string | undefined {
  const notes: string[] = [];
  if (shownBytes < totalBytes) {
    notes.push(
      `Preview shows the first ${formatBytes(shownBytes)} of ${formatBytes(totalBytes)} (setting httpipe.preview.maxBytes).`,
    );
  }
  if (response.bodyTruncated) {
    notes.push(
      response.bodyFile
        ? `The full ${formatBytes(response.bodyBytes)} body is on disk: save it or open it to see all of it.`
        : `Only the first ${formatBytes(response.body.length)} of ${formatBytes(response.bodyBytes)} were kept in memory.`,
    );
  } else if (shownBytes < totalBytes) {
    notes.push('Save the body or open it in an editor to see all of it.');
  }
  return notes.length ? notes.join(' ') : undefined;
}

export function previewBody(response: ResponseData, maxBytes: number): BodyView {
  const type = parseMediaType(headerValue(response.headers, 'content-type'));
  // The preview may show the decoded beginning of a body that cannot be decoded whole.
  const content = bodyContent(response, { partial: true });
  const bytes = content.bytes;
  const decoded = content.coding === 'decoded';
  const totalBytes = decoded ? bytes.length : response.bodyBytes;
  const base = { contentType: type?.essence, totalBytes, note: content.note };

  if (response.bodyBytes === 0) {
    return { ...base, kind: 'empty', language: 'plaintext', shownBytes: 0 };
  }
  // Still encoded (decoding failed or is impossible): the bytes are binary whatever the type says.
  const kind = content.coding === 'encoded' ? 'binary' : (kindOfMediaType(type) ?? sniffKind(bytes));
  const language = languageFor(kind, type);
  const complete = decoded ? !content.truncated : !response.bodyTruncated;

  if (kind === 'image') {
    if (complete && bytes.length <= maxBytes) {
      const dataUri = `data:${type?.essence ?? 'image/png'};base64,${bytes.toString('base64')}`;
      return { ...base, kind, language, dataUri, shownBytes: bytes.length };
    }
    return {
      ...base,
      kind,
      language,
      shownBytes: 0,
      truncationNote: `The image (${formatBytes(totalBytes)}) is larger than the preview limit of ${formatBytes(maxBytes)}: save it or open it to see it.`,
    };
  }
  if (kind === 'binary') {
    const shown = bytes.subarray(0, Math.max(16, Math.floor(maxBytes * HEX_DUMP_BYTES_PER_LIMIT_BYTE)));
    return {
      ...base,
      kind,
      language: 'plaintext',
      text: hexDump(shown),
      shownBytes: shown.length,
      truncationNote: truncationNote(response, shown.length, totalBytes),
    };
  }
  const shown = bytes.subarray(0, maxBytes);
  const text = decodeText(shown, type?.charset);
  const whole = shown.length === totalBytes;
  // Cut JSON does not parse: it is shown as it came, which is still readable.
  const pretty = kind === 'json' && whole ? prettyJson(text) : undefined;
  return {
    ...base,
    kind,
    language,
    text: pretty ?? text,
    shownBytes: shown.length,
    truncationNote: truncationNote(response, shown.length, totalBytes),
  };
}
