// RunOptions.tls for one run, from the three places users configure TLS:
//   - the per-host certificates setting (`httpipe.certificates`, the CLI's --certificates file),
//   - the verification switch (`httpipe.tls.rejectUnauthorized`, the CLI's --insecure), default on,
//   - the selected environment's SSLConfiguration in JetBrains env files (per project: a client
//     certificate for every host, and `verifyHostCertificate: false` for a self-signed dev server).
// Verification is off when either the switch or the environment turns it off, and each time that
// happens a warning says who turned it off. A host entry overrides the environment's certificate
// for that host (the engine merges field by field, tlsSettings.ts).
import type { TlsOptions } from '../engine/types';
import { loadEnvironmentSsl } from './environmentSsl';
import { loadHostCertificates, type HostCertificatesSource } from './hostCertificates';

export interface TlsSources {
  certificates?: HostCertificatesSource;
  /** false turns verification off for the whole run; `rejectUnauthorizedName` says where that was set. */
  rejectUnauthorized?: boolean;
  rejectUnauthorizedName?: string;
  /** The .http file, to find its env files; without it no env file is read. */
  filePath?: string;
  workspaceRoot?: string;
  environment?: string;
  /** Passphrase for the environment's client key (`hasCertificatePassphrase: true`). */
  environmentPassphrase?: string;
  /** The workspace root when the workspace is not trusted (see EnvironmentSslOptions.untrustedWorkspace). */
  untrustedWorkspace?: string;
}

export interface TlsPlan {
  tls: TlsOptions;
  /** Settings that cannot be used (unreadable files, wrong passphrase, …): the run should not start. */
  problems: string[];
  /** Said to the user on every run: verification is off, and why. */
  warnings: string[];
  /** The environment's client key needs a passphrase: ask for it and build again with environmentPassphrase. */
  passphraseNeededFor?: string;
}

export function buildTlsOptions(sources: TlsSources): TlsPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const tls: TlsOptions = {};

  const offBy: string[] = [];
  if (sources.rejectUnauthorized === false) offBy.push(sources.rejectUnauthorizedName ?? 'the settings');
  let passphraseNeededFor: string | undefined;
  if (sources.filePath !== undefined) {
    const environment = loadEnvironmentSsl({
      filePath: sources.filePath,
      workspaceRoot: sources.workspaceRoot,
      environment: sources.environment,
      passphrase: sources.environmentPassphrase,
      untrustedWorkspace: sources.untrustedWorkspace,
    });
    Object.assign(tls, environment.client);
    if (environment.verificationOffBy)
      offBy.push(`verifyHostCertificate: false in ${environment.verificationOffBy}`);
    warnings.push(...environment.warnings);
    problems.push(...environment.problems);
    passphraseNeededFor = environment.passphraseNeededFor;
  }
  if (offBy.length > 0) {
    tls.rejectUnauthorized = false;
    warnings.push(
      `TLS certificates are not verified (${offBy.join('; ')}): use this only with development servers.`,
    );
  }
  if (sources.certificates) {
    const hosts = loadHostCertificates(sources.certificates);
    if (Object.keys(hosts.perHost).length > 0) tls.perHost = hosts.perHost;
    problems.push(...hosts.problems);
  }
  return { tls, problems, warnings, passphraseNeededFor };
}
