// Helpers for the variable and plan tests: a real temp folder holding the .http file and its env
// files, the real parser, and fake engine results for chaining (only the fields chaining reads).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PreparedRequest, RequestResult } from '../../../src/core/engine/types';
import { parseHttpFile } from '../../../src/core/parser/httpFileParser';
import { planRun, type PlanOptions, type RunPlan } from '../../../src/core/plan/planRun';

export class Workspace {
  readonly root = mkdtempSync(path.join(tmpdir(), 'httpipe-vars-'));

  /** Writes `files` (paths relative to the root, folders created) and returns the root. */
  write(files: Record<string, string | Buffer>): this {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(this.root, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return this;
  }

  path(name: string): string {
    return path.join(this.root, name);
  }

  /** Plans `lines` as the file `name` (default `api.http`), written to disk too. */
  plan(lines: readonly string[], options: Partial<PlanOptions> = {}, name = 'api.http'): RunPlan {
    const text = lines.join('\n');
    this.write({ [name]: text });
    return planRun(parseHttpFile(text), {
      filePath: this.path(name),
      workspaceRoot: this.root,
      allowEnvironmentAccess: true,
      processEnv: {},
      ...options,
    });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Prepares request `index` of the plan with the given results so far. */
export async function prepare(
  plan: RunPlan,
  index: number,
  results: RequestResult[] = [],
): Promise<PreparedRequest> {
  const spec = plan.specs.find((s) => s.index === index);
  if (!spec) throw new Error(`no spec #${index}`);
  return spec.prepare(results);
}

/** The error message prepare() fails with; fails the test when it succeeds. */
export async function prepareError(
  plan: RunPlan,
  index: number,
  results: RequestResult[] = [],
): Promise<string> {
  try {
    const prepared = await prepare(plan, index, results);
    throw new Error(`expected prepare to fail, got ${prepared.url.href}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('expected prepare to fail')) throw error;
    return (error as Error).message;
  }
}

/** A finished request with a response, as the engine would report it. */
export function answered(index: number, body: string, headers: Array<[string, string]> = []): RequestResult {
  return {
    ...base(index),
    outcome: 'response',
    response: {
      httpVersion: '1.1',
      status: 200,
      statusText: 'OK',
      headers,
      interim: [],
      trailers: [],
      body: Buffer.from(body),
      bodyBytes: Buffer.byteLength(body),
      bodyTruncated: false,
    },
  };
}

export function failed(index: number, message: string): RequestResult {
  return { ...base(index), outcome: 'error', error: { phase: 'connect', message } };
}

export function notSent(index: number, reason: string): RequestResult {
  return { ...base(index), outcome: 'not-sent', notSentReason: reason };
}

function base(index: number) {
  return {
    index,
    name: `#${index}`,
    method: 'GET',
    url: 'http://x/',
    reused: false,
    retried: false,
    waits: [],
    timings: { startMs: 0 },
  };
}

export function messages(plan: RunPlan, severity?: string): string[] {
  return plan.problems.filter((p) => severity === undefined || p.severity === severity).map((p) => p.message);
}
