// "Copy as curl": a command that sends the same request over HTTP/1.1 with the same headers and body
// bytes. Host and Content-Length are left to curl when they match what curl would send itself.
import { shellQuote } from './shellQuote';

export interface CurlRequest {
  method: string;
  url: string;
  headers: ReadonlyArray<[string, string]>;
  body?: Uint8Array;
  /** `Authorization: Digest user password` in the file: curl answers the challenge itself with --digest. */
  digest?: { username: string; password: string };
}

function isPrintableText(body: Uint8Array): boolean {
  const text = Buffer.from(body.buffer, body.byteOffset, body.length);
  // Tabs and line breaks are fine inside single quotes; other control bytes would be invisible or lost.
  return (
    // eslint-disable-next-line no-control-regex -- finding control bytes is the point
    !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text.toString('latin1')) &&
    Buffer.from(text.toString('utf8')).equals(text)
  );
}

/** printf's octal escapes are POSIX (unlike \x), and carry NUL and every other byte unchanged. */
function printfBytes(body: Uint8Array): string {
  return Array.from(body, (b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

export function toCurlCommand(request: CurlRequest): string {
  const url = new URL(request.url);
  url.hash = '';
  const args: string[] = ['curl', '--http1.1'];
  const method = request.method.toUpperCase();
  // `-X HEAD` makes curl wait for a body that never comes; --head asks for the head only.
  if (method === 'HEAD') args.push('--head');
  else args.push('-X', shellQuote(request.method));
  args.push(shellQuote(url.href));
  if (request.digest)
    args.push('--digest', '-u', shellQuote(`${request.digest.username}:${request.digest.password}`));
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host' && value === url.host) continue;
    if (lower === 'content-length' && request.body) continue;
    // `Name;` is curl's way to send a header with an empty value (`Name:` would remove it).
    args.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  let prefix = '';
  if (request.body && request.body.length > 0) {
    if (isPrintableText(request.body)) {
      args.push('--data-binary', shellQuote(Buffer.from(request.body).toString('utf8')));
    } else {
      prefix = `printf ${shellQuote(printfBytes(request.body))} | `;
      args.push('--data-binary', '@-');
    }
  }
  return prefix + args.join(' ');
}
