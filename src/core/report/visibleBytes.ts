// Raw bytes as readable text for the wire views: CR and LF shown as ␍ ␊ (the LF still breaks the
// line), tab as ␉, other control bytes and bytes that are not valid UTF-8 as \xNN, so what is on the
// wire can be read exactly, including the framing that a text view would hide.

const CONTROL_SYMBOLS: Record<number, string> = { 0x0d: '␍', 0x0a: '␊\n', 0x09: '␉' };

function hexEscape(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** Length of a UTF-8 sequence from its lead byte; 0 when the byte cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The decoded character when bytes[at…] holds one well-formed multi-byte UTF-8 sequence. */
function decodeSequence(bytes: Uint8Array, at: number): string | undefined {
  const length = sequenceLength(bytes[at]);
  if (length === 0 || at + length > bytes.length) return undefined;
  for (let i = 1; i < length; i++) if ((bytes[at + i] & 0xc0) !== 0x80) return undefined;
  // Overlong forms and surrogates pass the checks above; the decoder turns them into U+FFFD.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + at, length).toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

export function visibleBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let runStart = -1;
  const flushRun = (end: number) => {
    if (runStart >= 0)
      parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + runStart, end - runStart).toString('latin1'));
    runStart = -1;
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte >= 0x20 && byte < 0x7f) {
      if (runStart < 0) runStart = i;
      i++;
      continue;
    }
    flushRun(i);
    const symbol = CONTROL_SYMBOLS[byte];
    if (symbol !== undefined) {
      parts.push(symbol);
      i++;
      continue;
    }
    const char = byte >= 0x80 ? decodeSequence(bytes, i) : undefined;
    if (char !== undefined) {
      parts.push(char);
      i += Buffer.byteLength(char);
    } else {
      parts.push(hexEscape(byte));
      i++;
    }
  }
  flushRun(bytes.length);
  return parts.join('');
}
