// POSIX shell quoting: single quotes keep every character literal except the single quote itself,
// which is closed, escaped and reopened ('\''). Works in sh, bash, zsh and dash alike.

/** Characters that never need quoting, so simple words stay readable. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
