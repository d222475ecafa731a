// The NO_PROXY list (environment variable, VS Code's http.noProxy): which origins are reached
// directly although a proxy is set. The syntax has no standard; this follows curl, which most tools
// copy: entries separated by commas or spaces, `*` alone for every host, a domain matching itself
// and its subdomains (`example.com`, `.example.com` and `*.example.com` all mean the same), an IP
// literal matching only itself, an IP range in CIDR form, and `:port` narrowing an entry to one
// port. Host names compare case-insensitively. Pure: no process.env here.
import { BlockList, isIP } from 'node:net';

export interface NoProxyRule {
  /** Lower-case host or domain without a leading dot, IPv6 without brackets; `*` for every host. */
  host: string;
  /** `10.0.0.0/8`: the prefix length of an IP range. */
  prefix?: number;
  /** Only this port (as written, default ports included) when set. */
  port?: string;
}

/** Entries of a NO_PROXY value, or of several (http.noProxy is an array); empty entries are ignored. */
export function parseNoProxy(list: string | readonly string[]): NoProxyRule[] {
  const entries = (typeof list === 'string' ? [list] : list).flatMap((item) => item.split(/[\s,]+/));
  return entries
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)
    .map(parseEntry);
}

function parseEntry(entry: string): NoProxyRule {
  if (entry === '*') return { host: '*' };
  let host = entry;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) {
    [, host, port] = bracketed;
  } else if (isIP(entry.split('/')[0]) !== 6) {
    // Not a bare IPv6 literal, so a colon can only start a port.
    const withPort = /^(.*):(\d+)$/.exec(entry);
    if (withPort) [, host, port] = withPort;
  }
  const range = /^(.+)\/(\d{1,3})$/.exec(host);
  const rule: NoProxyRule = { host: host.replace(/^\*?\./, '') };
  if (range && isIP(range[1])) {
    rule.host = range[1];
    rule.prefix = Number(range[2]);
  }
  if (port !== undefined) rule.port = port;
  return rule;
}

/** Whether `url`'s origin is reached without the proxy. */
export function bypassesProxy(url: URL, rules: readonly NoProxyRule[]): boolean {
  // URL.hostname is lower-case, keeps IPv6 brackets and drops a trailing dot only in some cases.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return rules.some((rule) => (rule.port === undefined || rule.port === port) && hostMatches(host, rule));
}

function hostMatches(host: string, rule: NoProxyRule): boolean {
  if (rule.host === '*') return true;
  const family = isIP(host);
  if (rule.prefix !== undefined) return family !== 0 && inRange(host, family, rule);
  if (family !== 0 || isIP(rule.host) !== 0) return host === rule.host;
  return host === rule.host || host.endsWith(`.${rule.host}`);
}

function inRange(host: string, family: number, rule: NoProxyRule): boolean {
  const type = isIP(rule.host) === 6 ? 'ipv6' : 'ipv4';
  if ((family === 6 ? 'ipv6' : 'ipv4') !== type) return false;
  const list = new BlockList();
  try {
    list.addSubnet(rule.host, rule.prefix!, type);
  } catch {
    // A prefix longer than the address (`10.0.0.0/40`) matches nothing rather than everything.
    return false;
  }
  return list.check(host, type);
}
