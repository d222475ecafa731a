/**
 * A malformed response: `code` is a short machine-readable cause, `byteOffset` the stream offset where
 * parsing failed, and the message says which byte and what was expected. Codes:
 * `unsolicited` (bytes with no request waiting), `invalid-status-line`, `unsupported-version`,
 * `invalid-header`, `header-too-large`, `too-many-headers`, `too-many-interim`,
 * `invalid-content-length`, `conflicting-content-length`, `invalid-chunk-size`,
 * `invalid-chunk-extension`, `invalid-chunk` (data longer than its size), `unexpected-eof`.
 */
export class HttpParseError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'HttpParseError';
  }
}
