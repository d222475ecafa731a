// The TLS options of one file's run from the command line: --certificates FILE (the JSON of VS
// Code's httpipe.certificates setting, paths relative to that file), --insecure, and the selected
// environment's SSLConfiguration in the .http file's env files (src/core/tls reads and checks them).
// A certificate that cannot be used is a usage error before any request goes out. The CLI cannot
// prompt (it runs in CI), so a key marked hasCertificatePassphrase takes its passphrase from an
// environment variable, where CI systems keep secrets.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TlsOptions } from '../core/engine/types';
import type { HostCertificatesSource } from '../core/tls/hostCertificates';
import { buildTlsOptions } from '../core/tls/tlsOptions';
import { UsageError, type LoadOptions } from './args';
import { messageOf } from '../core/common/messageOf';

export const PASSPHRASE_VARIABLE = 'HTTPIPE_CLIENT_CERT_PASSPHRASE';

export interface FileTls {
  tls: TlsOptions;
  /** For stderr: verification is off, and who turned it off. */
  warnings: string[];
}

export function tlsForFile(filePath: string, args: LoadOptions): FileTls {
  const plan = buildTlsOptions({
    certificates: args.certificates === undefined ? undefined : certificatesFile(args.certificates),
    rejectUnauthorized: !args.insecure,
    rejectUnauthorizedName: '--insecure',
    filePath,
    workspaceRoot: process.cwd(),
    environment: args.environment,
    environmentPassphrase: process.env[PASSPHRASE_VARIABLE],
  });
  if (plan.passphraseNeededFor !== undefined) {
    throw new UsageError(
      `the client certificate ${plan.passphraseNeededFor} needs a passphrase (hasCertificatePassphrase): set it in ${PASSPHRASE_VARIABLE}`,
    );
  }
  if (plan.problems.length > 0) throw new UsageError(plan.problems.join('\n'));
  return { tls: plan.tls, warnings: plan.warnings };
}

function certificatesFile(file: string): HostCertificatesSource {
  const name = `--certificates ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return { value: JSON.parse(text), name, base: path.dirname(path.resolve(file)) };
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${messageOf(error)}`);
  }
}
