// The result of checking an assertion written under a request (`?? status == 200`, httpYac's syntax)
// against a response; what a parsed assertion looks like is the parser's (src/core/parser/model.ts).
// AssertionResult is plain JSON-safe data, so the CLI prints it and the extension can post it to the
// webview as it is.
import type { SourceRange } from '../parser/model';

export interface AssertionResult {
  /** 1-based line of the `??` line, as editors and terminals show it. */
  line: number;
  /** The assertion as written after `??`. */
  text: string;
  passed: boolean;
  /** What the response had, shortened for display; absent when there was nothing to look at. */
  actual?: string;
  /** One sentence: what was found (passed) or why it failed. */
  message: string;
  /** The whole `?? …` line, 0-based like every range of the parsed file. */
  range: SourceRange;
}
