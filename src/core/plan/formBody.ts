// `application/x-www-form-urlencoded` bodies, as REST Client sends them: a line starting with `&`
// continues the line above without a line break (so long forms can be written one field a line),
// and characters a form body cannot carry as they are (spaces, non-ASCII, quotes…) are
// percent-encoded, while `%XX` escapes already there, `&`, `=` and `+` are left alone: a value
// written encoded, or inserted with `{{%name}}`, is never encoded twice.

import type { TextOrigin } from '../variables/variableReferences';
import { originAt, splitLines } from './textOrigins';

/** Each line is resolved on its own, so a reference's place stays exact after the lines are joined. */
export function formBodyText(
  text: string,
  origin: TextOrigin,
  resolve: (text: string, origin: TextOrigin) => string,
): string {
  let joined = '';
  let pendingBreak = '';
  for (const line of splitLines(text)) {
    const continues = /^\s*&/.test(line.text);
    const written = continues ? line.text.trimStart() : line.text;
    const offset = line.offset + (line.text.length - written.length);
    joined += (continues ? '' : pendingBreak) + resolve(written, originAt(origin, text, offset));
    pendingBreak = line.ending;
  }
  return encodeFormBody(joined);
}

/** Bytes that may stay as written in a form body (URL characters); everything else is %XX-encoded as UTF-8. */
const KEPT = /%[0-9A-Fa-f]{2}|[A-Za-z0-9\-._~!$&'()*+,;=:@/?[\]]/y;

export function encodeFormBody(text: string): string {
  let out = '';
  let k = 0;
  while (k < text.length) {
    KEPT.lastIndex = k;
    const kept = KEPT.exec(text);
    if (kept) {
      out += kept[0];
      k += kept[0].length;
      continue;
    }
    const codePoint = text.codePointAt(k)!;
    const char = String.fromCodePoint(codePoint);
    // A lone surrogate cannot be encoded as UTF-8: send the replacement character, as TextEncoder would.
    const bytes = Buffer.from(codePoint >= 0xd800 && codePoint <= 0xdfff ? '\uFFFD' : char, 'utf8');
    for (const byte of bytes) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    k += char.length;
  }
  return out;
}
