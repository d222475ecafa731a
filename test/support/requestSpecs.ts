// Builds engine RequestSpecs for tests: a plain request whose prepare() just returns the URL, with
// optional overrides (dependsOn, a failing or slow prepare, ...).
import type { PreparedRequest, RequestResult, RequestSpec } from '../../src/core/engine/types';

export interface SpecOptions {
  name?: string;
  headers?: Array<[string, string]>;
  body?: string;
  dependsOn?: number[];
  noPipeline?: boolean;
  timeoutMs?: number;
  noRedirect?: boolean;
  auth?: PreparedRequest['auth'];
  noCookieJar?: boolean;
  prepare?: (results: readonly RequestResult[]) => PreparedRequest | Promise<PreparedRequest>;
}

/** Specs indexed in the order given: `requests([['GET', url], ['POST', url, {body}]])`. */
export function requests(list: Array<[string, string, SpecOptions?]>): RequestSpec[] {
  return list.map(([method, url, options = {}], index) => ({
    index,
    name: options.name ?? `${method} ${url}`,
    method,
    displayUrl: url,
    dependsOn: options.dependsOn ?? [],
    noPipeline: options.noPipeline ?? false,
    timeoutMs: options.timeoutMs,
    noRedirect: options.noRedirect,
    noCookieJar: options.noCookieJar,
    prepare:
      options.prepare ??
      (() => ({
        method,
        url: new URL(url),
        headers: options.headers ?? [],
        body: options.body === undefined ? undefined : Buffer.from(options.body),
        auth: options.auth,
      })),
  }));
}

/** The response bodies as text, `<outcome>` for requests without a response. */
export function bodies(results: readonly RequestResult[]): string[] {
  return results.map((r) => (r.response ? r.response.body.toString() : `<${r.outcome}>`));
}
