// What an origin's server showed about how many requests it answers on one connection, and how that
// is said to the user. A close after k > 1 responses is a budget (nginx keepalive_requests, apache
// MaxKeepAliveRequests, Node's maxRequestsPerSocket): the origin queue then writes at most k requests
// on a connection. A close after the first response (HTTP/1.0, Connection: close on every response,
// tinyproxy) means one request at a time. Through a forward proxy it is the proxy that closes our
// connection, so the proxy is named; through a CONNECT tunnel it is the origin.
// A budget learned in one run is remembered for the next runs of the session (BudgetMemory, which the
// extension and the CLI make once per session: the engine keeps no global state), so a later run opens
// the connections it needs at once instead of writing everything on one connection that answers k.
import { headerValue } from '../common/headerFields';
import type { Exchange } from './exchange';
import type { ProxyRoute } from './proxyRoute';
import type { BudgetMemoryPort } from './types';
import { budgetNote, closedAfterFirstResponse, closesSilently, fallbackNote } from './waits';

/** Origins a session remembers at most; the oldest learned is forgotten first. */
const REMEMBERED_ORIGINS = 100;

/**
 * What a session (an extension window, a CLI process) learned about origins' connection budgets, for
 * its later runs (`RunOptions.budgetMemory`). A remembered budget is a hint: a server that now allows
 * more still gets correct (smaller) connections, one that closes earlier teaches the smaller budget.
 */
export class BudgetMemory implements BudgetMemoryPort {
  /** Keyed by origin and route (`http://host:port`, plus ` via <proxy>` through a forward proxy). */
  private readonly budgets = new Map<string, number>();

  recall(key: string): number | undefined {
    return this.budgets.get(key);
  }

  remember(key: string, requests: number): void {
    // Re-inserted, so the Map's order is the order learned and the first key is the oldest.
    this.budgets.delete(key);
    this.budgets.set(key, requests);
    if (this.budgets.size > REMEMBERED_ORIGINS) this.budgets.delete(this.budgets.keys().next().value!);
  }
}

export class ConnectionBudget {
  /** Learned in this run: the server closes a connection after this many responses. */
  private learned?: number;
  /** Once the server closed after its first response: who did, for the waits (requests go one at a time). */
  fallback?: string;
  private who?: string;
  private connectionsUsed = 0;
  private readonly memoryKey: string;
  /** Remembered from an earlier run of the session. */
  private readonly hint?: number;

  constructor(
    private readonly origin: string,
    private readonly route: ProxyRoute | undefined,
    private readonly memory?: BudgetMemoryPort,
  ) {
    this.memoryKey = route ? `${origin} via ${route.via}` : origin;
    this.hint = memory?.recall(this.memoryKey);
  }

  /** At most this many requests go on one connection: what this run learned, or the session remembered. */
  get requests(): number | undefined {
    if (this.learned === undefined) return this.hint;
    return this.hint === undefined ? this.learned : Math.min(this.learned, this.hint);
  }

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
    // Only what this run saw: a remembered budget the server no longer enforces is not worth a note.
    if (this.learned === undefined || this.fallback) return undefined;
    return budgetNote(this.who!, this.learned, this.connectionsUsed);
  }

  /** `closes`: the sentence that says who closes after the first response, for the note and the waits. */
  private learn(responses: number, last: Exchange, closes: (who: string) => string): string | undefined {
    if (this.fallback) return undefined;
    this.who = this.name(last);
    if (responses > 1) {
      this.learned = Math.min(this.learned ?? responses, responses);
      this.memory?.remember(this.memoryKey, this.learned);
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
