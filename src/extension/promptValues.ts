// Asks `# @prompt` values (REST Client, Kulala) in an input box before a send: the description as
// the prompt, typing masked when the name looks like a credential, and each answer remembered for
// the rest of the session (keyed by name) so a re-run does not ask again. Escape cancels the send.

import * as vscode from 'vscode';
import type { PromptToAsk } from '../core/plan/prompts';

export class PromptValues {
  private readonly remembered = new Map<string, string>();

  /** The values for `prompts`, asking only for the ones not answered yet; undefined when cancelled. */
  async valuesFor(prompts: readonly PromptToAsk[]): Promise<Record<string, string> | undefined> {
    const values: Record<string, string> = {};
    for (const prompt of prompts) {
      let value = this.remembered.get(prompt.name);
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          title: `httpipe: @prompt ${prompt.name}`,
          prompt: prompt.description ?? `Value of {{${prompt.name}}}`,
          password: prompt.secret,
          ignoreFocusOut: true,
        });
        if (value === undefined) return undefined;
        this.remembered.set(prompt.name, value);
      }
      values[prompt.name] = value;
    }
    return values;
  }
}
