// The one secret masker. Credentials must not end up in the run history on disk (kept for weeks,
// attached to bug reports) nor in the httpipe log (copied into bug reports): both replace the values of
// Authorization, Proxy-Authorization, Cookie and Set-Cookie the same way, here, in parsed headers, raw
// wire logs and the log's visible text. What stays is what helps reading a run without being a secret:
// the auth scheme word (`Bearer •••`) and cookie names and attributes (`id=•••; Path=/; HttpOnly`).

export const MASKED = '•••';

const SECRET_HEADER_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** A line that starts with a secret header's name: name, separator, value (up to the line end). */
const SECRET_NAME = `(${[...SECRET_HEADER_NAMES].join('|')})`;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER_NAMES.has(name.trim().toLowerCase());
}

/** The value as stored: the secret part replaced, the rest kept. Empty values stay empty. */
export function maskHeaderValue(name: string, value: string): string {
  const lower = name.trim().toLowerCase();
  if (!SECRET_HEADER_NAMES.has(lower) || value.trim() === '') return value;
  if (lower === 'cookie') return value.split(';').map(maskCookiePair).join(';');
  if (lower === 'set-cookie') {
    // Only the first pair is the cookie; the others are attributes (Path, Expires, HttpOnly, …).
    const [pair, ...attributes] = value.split(';');
    return [maskCookiePair(pair), ...attributes].join(';');
  }
  const scheme = /^(\s*[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${MASKED}` : MASKED;
}

function maskCookiePair(pair: string): string {
  const equals = pair.indexOf('=');
  return equals < 0 ? pair.replace(/\S.*\S|\S/, MASKED) : `${pair.slice(0, equals + 1)}${MASKED}`;
}

export function maskHeaders(headers: ReadonlyArray<[string, string]>): Array<[string, string]> {
  return headers.map(([name, value]) => [name, maskHeaderValue(name, value)]);
}

export interface MaskedLog {
  bytes: Buffer;
  /** Where a byte offset of the original log is in the masked one (masks change lengths). */
  mapOffset(offset: number): number;
}

/**
 * Every line of the log that looks like one of the secret headers gets its value masked. Lines are
 * matched anywhere, not only in header sections: a connection log cut short or a malformed response
 * has no reliable framing, and masking a body line that happens to look like `Cookie: …` is the
 * safe mistake. Bytes are read as latin1 so string indexes are byte offsets.
 */
export function maskWireLog(log: Buffer): MaskedLog {
  const text = log.toString('latin1');
  const line = new RegExp(`^${SECRET_NAME}([ \\t]*:[ \\t]*)([^\\r\\n]*)`, 'gim');
  const pieces: Buffer[] = [];
  const shifts: Array<{ end: number; delta: number }> = [];
  let copied = 0;
  for (let match = line.exec(text); match; match = line.exec(text)) {
    const valueStart = match.index + match[1].length + match[2].length;
    const valueEnd = valueStart + match[3].length;
    if (valueEnd === valueStart) continue;
    // Header values are bytes; decoding them as UTF-8 only matters for the kept scheme word or cookie name.
    const masked = Buffer.from(
      maskHeaderValue(match[1], log.subarray(valueStart, valueEnd).toString('utf8')),
      'utf8',
    );
    pieces.push(log.subarray(copied, valueStart), masked);
    shifts.push({ end: valueEnd, delta: masked.length - (valueEnd - valueStart) });
    copied = valueEnd;
  }
  if (shifts.length === 0) return { bytes: log, mapOffset: (offset) => offset };
  pieces.push(log.subarray(copied));
  return {
    bytes: Buffer.concat(pieces),
    mapOffset(offset) {
      let moved = offset;
      for (const shift of shifts) if (shift.end <= offset) moved += shift.delta;
      return moved;
    },
  };
}

/**
 * The same masking on text made of `visibleBytes` lines (the log's view of the wire: ␍␊ and ␉ shown
 * as symbols, one line per `\n`).
 */
export function maskVisibleText(text: string): string {
  const line = new RegExp(`^${SECRET_NAME}((?:[ ]|␉)*:(?:[ ]|␉)*)(.*?)(␍?␊?)$`, 'i');
  return text
    .split('\n')
    .map((visible) =>
      visible.replace(
        line,
        (_all, name: string, colon: string, value: string, end: string) =>
          `${name}${colon}${maskHeaderValue(name, value)}${end}`,
      ),
    )
    .join('\n');
}

/** `http://user:secret@host/` → `http://user:•••@host/`; other URLs unchanged. */
export function maskUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]*@/i, `$1${MASKED}@`);
}
