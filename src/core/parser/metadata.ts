// Gives meaning to the `# @key value` lines above a request line: @name, @no-pipeline and @timeout are
// httpipe's, @no-redirect is REST Client's and @no-cookie-jar JetBrains' (httpipe follows redirects and
// has a cookie jar too); every other key (httpYac's many) is kept in `metadata` untouched and without a
// diagnostic, so files written for
// those tools stay quiet.

import type { DiagnosticSink } from './diagnostics';
import type { MetadataMatch } from './lineKinds';
import type { MetadataLine, SourceRange } from './model';

export interface RequestMetadata {
  lines: MetadataLine[];
  name?: { name: string; range: SourceRange };
  noPipeline: boolean;
  noRedirect: boolean;
  noCookieJar: boolean;
  timeoutMs?: number;
}

/** The keys that are switches, and the field each one sets. */
const FLAGS = {
  'no-pipeline': 'noPipeline',
  'no-redirect': 'noRedirect',
  'no-cookie-jar': 'noCookieJar',
} as const satisfies Record<string, keyof RequestMetadata>;

export function interpretMetadata(matches: readonly MetadataMatch[], sink: DiagnosticSink): RequestMetadata {
  const result: RequestMetadata = { lines: [], noPipeline: false, noRedirect: false, noCookieJar: false };
  for (const match of matches) {
    result.lines.push({ key: match.key, value: match.value, range: match.range });
    switch (match.key) {
      case 'name':
        if (match.value === '') {
          sink.warning('invalid-metadata', '@name needs a value, e.g. `# @name login`', match.range);
        } else if (result.name) {
          sink.warning(
            'multiple-names',
            `this request is already named "${result.name.name}"; the first @name is used`,
            match.valueRange,
          );
        } else {
          result.name = { name: match.value, range: match.valueRange };
        }
        break;
      case 'no-pipeline':
      case 'no-redirect':
      case 'no-cookie-jar':
        // Set even when a value follows: the user clearly asked for it (a barrier, no redirects, no jar).
        result[FLAGS[match.key]] = true;
        if (match.value !== '') {
          sink.warning('invalid-metadata', `@${match.key} takes no value`, match.valueRange);
        }
        break;
      case 'timeout':
        applyTimeout(match, result, sink);
        break;
    }
  }
  return result;
}

function applyTimeout(match: MetadataMatch, result: RequestMetadata, sink: DiagnosticSink): void {
  const timeout = parseTimeout(match.value);
  if (timeout === undefined) {
    sink.warning(
      'invalid-metadata',
      `@timeout "${match.value}" is not a duration; write e.g. 500ms, 5s or 2m`,
      match.value === '' ? match.range : match.valueRange,
    );
    return;
  }
  result.timeoutMs = timeout.ms;
  if (!timeout.unitWritten) {
    sink.info(
      'timeout-unit-assumed',
      `@timeout ${match.value} is read as seconds (as the JetBrains client does); write ${match.value}s or ${match.value}ms to be explicit`,
      match.valueRange,
    );
  }
}

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * `500ms`, `5s`, `2m`, `1.5s`, `2 m`; a bare number means seconds (JetBrains' unit; httpYac reads
 * milliseconds, which is why the caller says so in a diagnostic). Zero or negative is invalid.
 */
export function parseTimeout(text: string): { ms: number; unitWritten: boolean } | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]?.toLowerCase();
  const ms = Math.round(Number(match[1]) * MS_PER_UNIT[unit ?? 's']);
  if (ms <= 0) return undefined;
  return { ms, unitWritten: unit !== undefined };
}
