// Names a request sets for itself rather than reading from a source: `# @prompt name` (asked before
// the run) and a `# @loop`'s `$index` and item variable. The editor must not call them undefined,
// and the plan's analysis must know them before the run gives them values.

import type { RequestBlock } from '../parser/model';

export function requestSetVariables(request: RequestBlock): string[] {
  const names = (request.prompts ?? []).map((prompt) => prompt.name);
  if (request.loop) names.push('$index', ...(request.loop.kind === 'each' ? [request.loop.variable] : []));
  return names;
}
