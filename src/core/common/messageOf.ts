// What to show of a thrown value: an Error's message, or the value as text (a string thrown as is, a
// rejection with a number). The one wording used by every log line, diagnostic and error result.

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
