// The script variables of a session (`client.global`, httpYac `exports`): kept across runs like
// JetBrains keeps them (one per VS Code window, one per `httpipe run` process), and seen by the
// variable resolver as a layer, so `{{token}}` reads what a handler set.

import type { VariableDefinition } from '../variables/variableDefinition';

export class ScriptGlobals {
  private readonly definitions = new Map<string, VariableDefinition>();

  /** The resolver's view: a live map, updated as scripts set and clear names. */
  get layer(): ReadonlyMap<string, VariableDefinition> {
    return this.definitions;
  }

  values(): Record<string, string> {
    return Object.fromEntries([...this.definitions].map(([name, definition]) => [name, definition.value]));
  }

  /** `value` null clears the name; `source` says which script set it, for hovers and errors. */
  apply(changes: Readonly<Record<string, string | null>>, source: string): void {
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) this.definitions.delete(name);
      else this.definitions.set(name, { name, value, label: name, source, literal: true, fromScript: true });
    }
  }

  clear(): void {
    this.definitions.clear();
  }
}
