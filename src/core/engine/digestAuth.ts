// HTTP Digest authentication (RFC 7616): reading a `WWW-Authenticate: Digest …` challenge and computing
// the `Authorization` answer. Hand-written with node:crypto: the Digest packages on npm are bound to one
// HTTP client (axios) or only do MD5, and the math itself is a few hashes.
import { createHash, randomBytes } from 'node:crypto';

export interface DigestCredentials {
  username: string;
  password: string;
}

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** Upper-cased as sent, e.g. `SHA-256-SESS`; MD5 when the server named none. */
  algorithm: string;
  /** Offered qop values, lower-cased; empty for an RFC 2069-style challenge without qop. */
  qop: string[];
  userhash: boolean;
}

/** The request the answer is computed for. */
export interface DigestTarget {
  method: string;
  /** The request-target as written on the request line (path and query). */
  uri: string;
  body?: Buffer;
}

/** Answer fixed for a test; random otherwise. */
export interface DigestAnswerOptions {
  cnonce?: string;
  nc?: number;
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

/**
 * The strongest Digest challenge this client can answer among the `WWW-Authenticate` header values
 * (SHA-256 before MD5); undefined when there is none (no Digest challenge, no nonce, an unknown
 * algorithm or only unknown qop values).
 */
export function pickDigestChallenge(headerValues: readonly string[]): DigestChallenge | undefined {
  const usable: DigestChallenge[] = [];
  for (const value of headerValues) {
    for (const challenge of parseChallenges(value)) {
      if (challenge.scheme.toLowerCase() !== 'digest') continue;
      const digest = toDigestChallenge(challenge.params);
      if (digest) usable.push(digest);
    }
  }
  const strength = (c: DigestChallenge): number => (c.algorithm.startsWith('SHA-256') ? 1 : 0);
  return usable.sort((a, b) => strength(b) - strength(a))[0];
}

function toDigestChallenge(params: Map<string, string>): DigestChallenge | undefined {
  const nonce = params.get('nonce');
  const realm = params.get('realm');
  if (nonce === undefined || realm === undefined) return undefined;
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (!HASHES[algorithm.replace(/-SESS$/u, '')]) return undefined;
  const offered = params.get('qop');
  const qop =
    offered === undefined
      ? []
      : offered
          .split(',')
          .map((q) => q.trim().toLowerCase())
          .filter(Boolean);
  if (offered !== undefined && !qop.includes('auth') && !qop.includes('auth-int')) return undefined;
  const challenge: DigestChallenge = {
    realm,
    nonce,
    algorithm,
    qop,
    userhash: params.get('userhash')?.toLowerCase() === 'true',
  };
  const opaque = params.get('opaque');
  if (opaque !== undefined) challenge.opaque = opaque;
  return challenge;
}

/** The `Authorization` header value answering `challenge` for `target`. */
export function digestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  target: DigestTarget,
  options: DigestAnswerOptions = {},
): string {
  const sess = challenge.algorithm.endsWith('-SESS');
  const hashName = HASHES[challenge.algorithm.replace(/-SESS$/u, '')];
  const h = (data: string | Buffer): string => createHash(hashName).update(data).digest('hex');
  // auth when offered (it does not hash the body), auth-int otherwise; none for an RFC 2069 challenge.
  const qop = challenge.qop.includes('auth')
    ? 'auth'
    : challenge.qop.includes('auth-int')
      ? 'auth-int'
      : undefined;
  const cnonce = options.cnonce ?? randomBytes(16).toString('hex');
  const nc = (options.nc ?? 1).toString(16).padStart(8, '0');

  let ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  if (sess) ha1 = h(`${ha1}:${challenge.nonce}:${cnonce}`);
  const a2 =
    qop === 'auth-int'
      ? `${target.method}:${target.uri}:${h(target.body ?? Buffer.alloc(0))}`
      : `${target.method}:${target.uri}`;
  const ha2 = h(a2);
  const response = qop
    ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : h(`${ha1}:${challenge.nonce}:${ha2}`);

  const username = challenge.userhash
    ? h(`${credentials.username}:${challenge.realm}`)
    : credentials.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `uri=${quote(target.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `nonce=${quote(challenge.nonce)}`,
  ];
  if (qop) parts.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`);
  parts.push(`response=${quote(response)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/gu, (c) => `\\${c}`)}"`;
}

interface RawChallenge {
  scheme: string;
  params: Map<string, string>;
}

/**
 * Splits one `WWW-Authenticate` value into its challenges (RFC 9110 §11.6.1): `scheme name=value, …`,
 * where a token not followed by `=` starts the next challenge. Parameter names are lower-cased.
 */
export function parseChallenges(value: string): RawChallenge[] {
  const challenges: RawChallenge[] = [];
  let at = 0;
  const skip = (pattern: RegExp): void => {
    pattern.lastIndex = at;
    const match = pattern.exec(value);
    if (match) at += match[0].length;
  };
  while (at < value.length) {
    skip(/[\s,]*/uy);
    const token = /[!#$%&'*+.^_`|~\w-]+/uy;
    token.lastIndex = at;
    const name = token.exec(value);
    if (!name) break;
    at += name[0].length;
    skip(/\s*/uy);
    if (value[at] === '=' && challenges.length > 0) {
      at += 1;
      skip(/\s*/uy);
      challenges[challenges.length - 1].params.set(name[0].toLowerCase(), readValue());
    } else {
      challenges.push({ scheme: name[0], params: new Map() });
    }
  }
  return challenges;

  function readValue(): string {
    if (value[at] !== '"') {
      const end = /[^\s,]*/uy;
      end.lastIndex = at;
      const match = end.exec(value)!;
      at += match[0].length;
      return match[0];
    }
    let out = '';
    at += 1;
    while (at < value.length && value[at] !== '"') {
      if (value[at] === '\\' && at + 1 < value.length) at += 1;
      out += value[at];
      at += 1;
    }
    at += 1;
    return out;
  }
}
