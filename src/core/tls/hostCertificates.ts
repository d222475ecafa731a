// The per-host certificates setting, in REST Client's `rest-client.certificates` shape:
//   { "localhost:8443": { "cert": "certs/client.crt", "key": "certs/client.key" },
//     "api.example.com": { "pfx": "certs/client.p12", "passphrase": "…" } }
// plus an optional `ca` per host, which trusts a development server's own certificate without
// turning verification off. Keys are `host:port` or `host`; the engine matches them (tlsSettings.ts).
import type { TlsHostOptions } from '../engine/types';
import { CertificateError } from './certificateFiles';
import { loadClientCertificate, type CertificatePaths } from './clientCertificate';

const FIELDS = ['cert', 'key', 'pfx', 'passphrase', 'ca'] as const;

export interface HostCertificatesSource {
  /** The setting's value as the user wrote it (unchecked JSON). */
  value: unknown;
  /** How it is named in messages: `setting httpipe.certificates`, `--certificates certs.json`. */
  name: string;
  /** Folder that relative paths start from. */
  base: string;
  confineTo?: string;
}

/** Every host's options; the first problem found in an entry is reported for it, the other entries still load. */
export function loadHostCertificates(source: HostCertificatesSource): {
  perHost: Record<string, TlsHostOptions>;
  problems: string[];
} {
  const perHost: Record<string, TlsHostOptions> = {};
  const problems: string[] = [];
  if (source.value === undefined || source.value === null) return { perHost, problems };
  if (!isObject(source.value)) {
    return {
      perHost,
      problems: [
        `${source.name} must be an object by host: { "localhost:8443": { "cert": "client.crt", "key": "client.key" } }`,
      ],
    };
  }
  for (const [host, entry] of Object.entries(source.value)) {
    const where = `${source.name}[${JSON.stringify(host)}]`;
    try {
      checkHostKey(host, where);
      perHost[host] = loadClientCertificate(entryPaths(entry, where), {
        base: source.base,
        where,
        confineTo: source.confineTo,
      });
    } catch (error) {
      if (!(error instanceof CertificateError)) throw error;
      problems.push(error.message);
    }
  }
  return { perHost, problems };
}

function checkHostKey(host: string, where: string): void {
  if (host.trim() === '') throw new CertificateError(`${where}: the host is empty; write host:port or host`);
  if (/[/@]|^[a-z][a-z0-9+.-]*:\/\//i.test(host)) {
    throw new CertificateError(
      `${where}: write the host as host:port or host (like localhost:8443), not a URL`,
    );
  }
}

function entryPaths(entry: unknown, where: string): CertificatePaths {
  if (!isObject(entry))
    throw new CertificateError(`${where} must be an object with cert and key, or pfx (and passphrase)`);
  const paths: CertificatePaths = {};
  for (const [field, value] of Object.entries(entry)) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      throw new CertificateError(`${where}: unknown field "${field}" (known: ${FIELDS.join(', ')})`);
    }
    if (typeof value !== 'string' || value === '')
      throw new CertificateError(`${where}.${field} must be a non-empty string`);
    paths[field as (typeof FIELDS)[number]] = value;
  }
  return paths;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
