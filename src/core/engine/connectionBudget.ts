// What an origin's server showed about how many requests it answers on one connection, and how that
// is said to the user. A close after k > 1 responses is a budget (nginx keepalive_requests, apache
// MaxKeepAliveRequests, Node's maxRequestsPerSocket): the origin queue then writes at most k requests
// on a connection. A close after the first response (HTTP/1.0, Connection: close on every response,
// tinyproxy) means one request at a time. Through a forward proxy it is the proxy that closes our
// connection, so the proxy is named; through a CONNECT tunnel it is the origin.
import { headerValue } from '../common/headerFields';
import type { Exchange } from './exchange';
import type { ProxyRoute } from './proxyRoute';
import { budgetNote, closedAfterFirstResponse, closesSilently, fallbackNote } from './waits';

export class ConnectionBudget {
  /** Learned: the server closes a connection after this many responses. */
  requests?: number;
  /** Once the server closed after its first response: who did, for the waits (requests go one at a time). */
  fallback?: string;
  private who?: string;
  private connectionsUsed = 0;

  constructor(
    private readonly origin: string,
    private readonly route: ProxyRoute | undefined,
  ) {}

  connectionOpened(): void {
    this.connectionsUsed += 1;
  }

  /** The server announced its close after `responses` responses; returns a note when pipelining stops. */
  closedAfter(responses: number, why: string, last: Exchange): string | undefined {
    return this.learn(responses, last, (who) => closedAfterFirstResponse(who, why));
  }

  /** The server closed after `responses` responses without announcing it, leaving requests unanswered. */
  closedSilently(responses: number, last: Exchange): string | undefined {
    return this.learn(responses, last, closesSilently);
  }

  /** The run's note: "nginx at 127.0.0.1:8081 closes connections after 10 requests: 3 connections used." */
  summary(): string | undefined {
    if (this.requests === undefined || this.fallback) return undefined;
    return budgetNote(this.who!, this.requests, this.connectionsUsed);
  }

  /** `closes`: the sentence that says who closes after the first response, for the note and the waits. */
  private learn(responses: number, last: Exchange, closes: (who: string) => string): string | undefined {
    if (this.fallback) return undefined;
    this.who = this.name(last);
    if (responses > 1) {
      this.requests = Math.min(this.requests ?? responses, responses);
      return undefined;
    }
    this.fallback = closes(this.who);
    return fallbackNote(this.fallback);
  }

  /** `nginx at 127.0.0.1:8081`, `the proxy http://127.0.0.1:8888`, `the server at …` without a Server header. */
  private name(last: Exchange): string {
    if (this.route && !this.route.tunnel) return `the proxy ${this.route.via}`;
    const hostPort = this.origin.replace(/^[a-z]+:\/\//, '');
    const server = last.head && headerValue(last.head.headers, 'server');
    const software = server?.trim().split(/[/\s]/)[0];
    const named = software ? `${software} at ${hostPort}` : `the server at ${hostPort}`;
    return this.route ? `${named} (through the proxy ${this.route.via})` : named;
  }
}
