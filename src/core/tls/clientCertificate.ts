// One client identity (certificate + key, or a PKCS#12 bundle) and optionally a CA, read from the
// files a setting names, checked, and turned into the engine's TlsHostOptions. Shared by the
// per-host certificates setting and the JetBrains env files' SSLConfiguration.
import type { TlsHostOptions } from '../engine/types';
import {
  CertificateError,
  checkKeyPair,
  containsPrivateKey,
  readCertificate,
  readPfx,
  readPrivateKey,
  type FileReference,
} from './certificateFiles';

export interface CertificatePaths {
  cert?: string;
  key?: string;
  pfx?: string;
  ca?: string;
  passphrase?: string;
}

export interface PathContext {
  /** Folder relative paths start from. */
  base: string;
  /** Prefix of messages: `setting httpipe.certificates["localhost:8443"]`. */
  where: string;
  /** How the fields are called where they were written (`clientCertificate` in JetBrains env files). */
  fieldNames?: Partial<Record<keyof CertificatePaths, string>>;
  confineTo?: string;
}

export function loadClientCertificate(paths: CertificatePaths, context: PathContext): TlsHostOptions {
  const name = (field: keyof CertificatePaths): string => context.fieldNames?.[field] ?? field;
  const reference = (field: keyof CertificatePaths, written: string): FileReference => ({
    written,
    base: context.base,
    where: `${context.where}.${name(field)}`,
    confineTo: context.confineTo,
  });
  const options: TlsHostOptions = {};
  if (paths.passphrase !== undefined) options.passphrase = paths.passphrase;
  if (paths.ca !== undefined) options.ca = readCertificate(reference('ca', paths.ca)).pem;
  if (paths.pfx !== undefined) {
    if (paths.cert !== undefined || paths.key !== undefined) {
      throw new CertificateError(`${context.where}: set either pfx or cert and key, not both`);
    }
    options.pfx = readPfx(reference('pfx', paths.pfx), paths.passphrase).bytes;
    return options;
  }
  if (paths.cert === undefined) {
    if (paths.key !== undefined)
      throw new CertificateError(`${context.where}: ${name('key')} is set without ${name('cert')}`);
    return options;
  }
  const certificate = readCertificate(reference('cert', paths.cert));
  // Without `key`, the certificate file must carry the key too (one PEM file for both).
  if (paths.key === undefined && !containsPrivateKey(certificate.pem)) {
    throw new CertificateError(
      `${context.where}: ${name('cert')} ${certificate.file} holds no private key; set ${name('key')} to the key file`,
    );
  }
  const key = readPrivateKey(
    paths.key === undefined ? reference('cert', paths.cert) : reference('key', paths.key),
    paths.passphrase,
  );
  checkKeyPair(certificate, key, context.where);
  options.cert = certificate.pem;
  options.key = key.pem;
  return options;
}
