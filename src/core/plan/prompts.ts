// `# @prompt name [description]` (REST Client, Kulala): values asked for before a run. The CLI asks
// on a terminal (or takes `--var name=value`), VS Code in an input box; both use this list, so a
// name asked for by several requests is asked once. A request whose prompt got no value fails with
// a clear error when it is prepared (see planRun), which is what CI without a terminal sees.

import type { ParsedHttpFile, PromptVariable } from '../parser/model';

export interface PromptToAsk extends PromptVariable {
  /** Mask the typed value: the name looks like a credential. */
  secret: boolean;
}

/** The prompts of the requests in `only` (all when absent) whose names are not in `known`, each once. */
export function promptsToAsk(
  parsed: ParsedHttpFile,
  known: ReadonlySet<string>,
  only?: readonly number[],
): PromptToAsk[] {
  const asked = new Map<string, PromptToAsk>();
  for (const request of parsed.requests) {
    if (only && !only.includes(request.index)) continue;
    for (const prompt of request.prompts ?? []) {
      if (known.has(prompt.name) || asked.has(prompt.name)) continue;
      asked.set(prompt.name, { ...prompt, secret: looksSecret(prompt.name) });
    }
  }
  return [...asked.values()];
}

/** password, passwd, token, secret, key, … in any case or position. */
export function looksSecret(name: string): boolean {
  return /pass(word|wd)?|token|secret|key|credential|pin/i.test(name);
}
