// The run's use of its cookie jar, at exactly two points of an exchange's life:
// - `forWire` when a request is serialized: the jar's cookies for its URL join its Cookie header;
// - `onResponseHead` when a response head arrives: its Set-Cookie fields go into the jar, so requests
//   serialized from then on carry them.
// Pipelined requests are serialized with what the jar holds at that moment. When a response then sets
// a cookie that a request already serialized behind it would have carried, that request is marked
// (`cookies.missed`) and the run gets a note: the bytes are fixed, and `# @no-pipeline` on the setting
// request is how to make the later ones wait for its cookies.
import { mergeCookieHeader } from './cookieHeader';
import type { Exchange } from './exchange';
import { requestLabel } from './requestLabel';
import type { CookieJarPort, PreparedRequest, ResponseHead } from './types';
import { headerValues } from '../common/headerFields';

interface Carried {
  /** Serialization order, which is run order: only requests after the setter can have missed its cookies. */
  order: number;
  /** Every cookie in the serialized request, the user's and the jar's. */
  cookies: Map<string, string>;
  /** Names the user wrote: the jar never overrides them, so they are never "missed". */
  userNames: Set<string>;
}

export class RunCookies {
  /** Serialized with the jar and waiting for a response head, in serialization order. */
  private readonly awaitingHead = new Map<Exchange, Carried>();
  private serialized = 0;

  constructor(
    private readonly jar: CookieJarPort | undefined,
    private readonly notes: string[],
  ) {}

  /** The serialization point: the request as written, with the jar's cookies merged in. */
  forWire(exchange: Exchange, prepared: PreparedRequest): PreparedRequest {
    if (!this.jar || exchange.spec.noCookieJar) return prepared;
    const merged = mergeCookieHeader(prepared.headers, this.jar.cookiesFor(prepared.url));
    // A hop is serialized again: its cookies join what the earlier hops of the same request sent and stored.
    exchange.addCookiesSent(merged.fromJar);
    const userNames = new Set([...merged.carried.keys()].filter((name) => !merged.fromJar.includes(name)));
    this.awaitingHead.set(exchange, { order: this.serialized++, cookies: merged.carried, userNames });
    return merged.fromJar.length === 0 ? prepared : { ...prepared, headers: merged.headers };
  }

  /** The response-head point: stores the head's Set-Cookie fields for the request's URL. */
  onResponseHead(exchange: Exchange, head: ResponseHead): void {
    const carried = this.awaitingHead.get(exchange);
    if (!carried || !this.jar || !exchange.result.cookies || !exchange.prepared) return;
    this.awaitingHead.delete(exchange);
    const setCookies = headerValues(head.headers, 'set-cookie');
    if (setCookies.length === 0) return;
    const stored = this.jar.store(exchange.prepared.url, setCookies);
    exchange.addCookiesStored(stored);
    if (stored.length > 0) this.markMissed(exchange, carried.order, stored);
  }

  /** Requests after `setter`, serialized before its cookies arrived, that the jar would now send them with. */
  private markMissed(setter: Exchange, setterOrder: number, stored: string[]): void {
    for (const [later, carried] of this.awaitingHead) {
      if (later.settled || !later.prepared) {
        this.awaitingHead.delete(later);
        continue;
      }
      if (carried.order < setterOrder) continue;
      const names = this.jar!.cookiesFor(later.prepared.url)
        .filter(
          ([name, value]) =>
            stored.includes(name) && !carried.userNames.has(name) && carried.cookies.get(name) !== value,
        )
        .map(([name]) => name);
      if (names.length === 0) continue;
      later.addCookiesMissed(setter.index, names);
      this.notes.push(
        `${requestLabel(later.spec)} was already written when ${requestLabel(setter.spec)}'s response set cookie ` +
          `${names.join(', ')}, so it went without it; # @no-pipeline on ${requestLabel(setter.spec)} makes the requests after it wait for its cookies.`,
      );
    }
  }
}
