// Splits a pasted curl command line into words the way a POSIX shell would, for the parts people paste:
// single quotes, double quotes, `$'…'` (ANSI-C quoting, what browsers' "copy as cURL" uses for bodies
// with line breaks), backslash escapes, backslash-newline continuations (and cmd.exe's `^` ones),
// `#` comments. Nothing is run or expanded, except that `$NAME` / `${NAME}` outside single quotes
// becomes `{{$processEnv NAME}}`, the .http way of reading the same environment variable.
// The command ends at an unquoted `|`, `;`, `&` or redirection: what follows is another program's.

export class CurlSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based place in the pasted text. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }
}

export interface CurlWords {
  words: string[];
  /** Environment variables the command reads, in order of first use. */
  environmentVariables: string[];
  /** Unquoted text from the first `|`, `;`, `&`, `<` or `>` on, which is not part of the curl command. */
  afterCommand?: string;
}

const ANSI_C_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

export function splitCurlWords(text: string): CurlWords {
  const words: string[] = [];
  const environmentVariables: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;

  const place = (at: number): { line: number; column: number } => {
    const before = text.slice(0, at).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const fail = (message: string, at: number): never => {
    const { line, column } = place(at);
    throw new CurlSyntaxError(message, line, column);
  };
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  /** Reads `$NAME` or `${NAME}` at i (text[i] === '$'); false when it is a plain dollar sign. */
  const readVariable = (): boolean => {
    const match = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(text.slice(i));
    if (!match) return false;
    const name = match[1] ?? match[2];
    if (!environmentVariables.includes(name)) environmentVariables.push(name);
    word += `{{$processEnv ${name}}}`;
    i += match[0].length;
    return true;
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
    } else if (c === '^' && /^\^\r?\n/.test(text.slice(i)) && !inWord) {
      i += text[i + 1] === '\r' ? 3 : 2;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      endWord();
      i++;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ('|;&<>'.includes(c)) {
      endWord();
      return { words, environmentVariables, afterCommand: text.slice(i).trim() };
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) fail('this single quote is never closed', i);
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      const start = i;
      i += 2;
      inWord = true;
      for (;;) {
        if (i >= text.length) fail("this $' quote is never closed", start);
        const d = text[i];
        if (d === "'") break;
        if (d !== '\\') {
          word += d;
          i++;
          continue;
        }
        const e = text[i + 1] ?? '';
        const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1));
        const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1));
        const unicode = /^(?:u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8}))/.exec(text.slice(i + 1));
        if (hex) {
          word += String.fromCharCode(parseInt(hex[1], 16));
          i += 1 + hex[0].length;
        } else if (octal) {
          word += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
          i += 1 + octal[0].length;
        } else if (unicode) {
          word += String.fromCodePoint(parseInt(unicode[1] ?? unicode[2], 16));
          i += 1 + unicode[0].length;
        } else if (e in ANSI_C_ESCAPES) {
          word += ANSI_C_ESCAPES[e];
          i += 2;
        } else {
          word += `\\${e}`;
          i += 2;
        }
      }
      i++;
    } else if (c === '"') {
      const start = i;
      i++;
      inWord = true;
      for (;;) {
        if (i >= text.length) fail('this double quote is never closed', start);
        const d = text[i];
        if (d === '"') break;
        if (d === '\\' && text[i + 1] === '\n') i += 2;
        else if (d === '\\' && '"\\$`'.includes(text[i + 1] ?? '')) {
          word += text[i + 1];
          i += 2;
        } else if (d === '$' && readVariable()) continue;
        else if (d === '`' || (d === '$' && text[i + 1] === '('))
          fail('command substitution is not supported: paste the command with its result filled in', i);
        else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (c === '$' && readVariable()) {
      inWord = true;
    } else if (c === '`' || (c === '$' && text[i + 1] === '(')) {
      fail('command substitution is not supported: paste the command with its result filled in', i);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endWord();
  return { words, environmentVariables };
}
