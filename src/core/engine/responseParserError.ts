/** A malformed response: `code` is a short machine-readable cause, `byteOffset` the stream offset where parsing failed. */
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
