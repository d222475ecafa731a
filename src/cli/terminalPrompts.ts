// Asks `# @prompt` values on the terminal before `httpipe run` sends anything: one line each, the
// description as the question, typing hidden for secret-looking names. Without a terminal (CI)
// nothing is asked, and the request fails with an error that names `--var`.

import * as readline from 'node:readline';
import type { PromptToAsk } from '../core/plan/prompts';

export function canPrompt(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export async function askOnTerminal(prompts: readonly PromptToAsk[]): Promise<Array<[string, string]>> {
  const values: Array<[string, string]> = [];
  for (const prompt of prompts) values.push([prompt.name, await askOne(prompt)]);
  return values;
}

function askOne(prompt: PromptToAsk): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const question = `${prompt.description ?? prompt.name}${prompt.secret ? ' (hidden)' : ''}: `;
  if (prompt.secret) {
    // Echo nothing but the question itself while a secret is typed.
    const output = rl as unknown as { _writeToOutput: (text: string) => void; output: NodeJS.WriteStream };
    output._writeToOutput = (text: string) => {
      if (text.startsWith(question)) output.output.write(question);
    };
  }
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      if (prompt.secret) process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
