// Reads the `(@host=example.com, @user=name)` list after a `run` directive (JetBrains, Kulala):
// variables that hold only while the run request is sent.

import type { DiagnosticSink } from './diagnostics';
import type { SourceRange } from './model';

export function parseRunOverrides(
  text: string,
  range: SourceRange,
  sink: DiagnosticSink,
): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const match = /^\s*@?([A-Za-z_$][\w$.-]*)\s*=\s*(.*?)\s*$/.exec(item);
    if (match) overrides[match[1]] = match[2];
    else
      sink.warning(
        'invalid-run-override',
        `"${item.trim()}" is not a variable override; write \`@name=value\``,
        range,
      );
  }
  return overrides;
}
