// How a request is labelled where space is short. Unnamed requests are called `METHOD url` by the
// engine; next to a method column, their path and query say more than a repeated origin does.
import type { RequestStub } from '../shared/panelProtocol';

export function isUnnamed(stub: RequestStub): boolean {
  return stub.name === `${stub.method} ${stub.url}`;
}

export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

export function requestLabel(stub: RequestStub): string {
  return isUnnamed(stub) ? `${stub.method} ${shortUrl(stub.url)}` : stub.name;
}
