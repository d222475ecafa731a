// Reads the certificate, key, CA and PKCS#12 files that TLS settings point at, and checks them when
// they are read: a wrong path, a key that does not belong to its certificate or a wrong passphrase
// is then an error naming the setting and the file, instead of an OpenSSL code in the middle of a run.
// PEM and DER are both accepted (JetBrains env files may say `"format": "DER"`); DER is turned into
// PEM because Node's TLS options take PEM for certificates and keys.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createSecureContext } from 'node:tls';
import { messageOf } from '../common/messageOf';

/** A certificate setting that cannot be used; the message names where it was set and the file. */
export class CertificateError extends Error {}

/** Where a path was written, for messages: `setting httpipe.certificates["localhost:8443"].cert`. */
export interface FileReference {
  /** As written, relative or absolute. */
  written: string;
  /** Folder that relative paths start from. */
  base: string;
  where: string;
  /** Files outside this folder are refused (untrusted workspaces). */
  confineTo?: string;
}

export function resolveReference(reference: FileReference): string {
  const resolved = path.resolve(reference.base, reference.written);
  if (reference.confineTo !== undefined) {
    const relative = path.relative(path.resolve(reference.confineTo), resolved);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new CertificateError(
        `${reference.where}: ${resolved} is outside the workspace, which is not trusted; trust the workspace to use it`,
      );
    }
  }
  return resolved;
}

function readBytes(reference: FileReference): { file: string; bytes: Buffer } {
  const file = resolveReference(reference);
  try {
    return { file, bytes: fs.readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error));
    throw new CertificateError(`${reference.where}: cannot read ${file} (${reason})`);
  }
}

function isPem(bytes: Buffer): boolean {
  return bytes.includes('-----BEGIN ');
}

/** A certificate (or a chain / CA bundle) as PEM. */
export function readCertificate(reference: FileReference): { file: string; pem: string } {
  const { file, bytes } = readBytes(reference);
  try {
    // Parses the first certificate: enough to tell a certificate from something else.
    const certificate = new X509Certificate(bytes);
    return { file, pem: isPem(bytes) ? bytes.toString('utf8') : certificate.toString() };
  } catch (error) {
    throw new CertificateError(
      `${reference.where}: ${file} is not a PEM or DER certificate (${messageOf(error)})`,
    );
  }
}

/** A private key as PEM (kept encrypted when it is: Node decrypts it with the passphrase at connect time). */
export function readPrivateKey(
  reference: FileReference,
  passphrase: string | undefined,
): { file: string; pem: string; key: KeyObject } {
  const { file, bytes } = readBytes(reference);
  if (!isPem(bytes) && !looksLikeDer(bytes))
    throw new CertificateError(`${reference.where}: ${file} is not a PEM or DER private key`);
  try {
    if (isPem(bytes))
      return { file, pem: bytes.toString('utf8'), key: createPrivateKey({ key: bytes, passphrase }) };
    const key = derPrivateKey(bytes, passphrase);
    return { file, pem: key.export({ format: 'pem', type: 'pkcs8' }).toString(), key };
  } catch (error) {
    const reason = messageOf(error);
    // OpenSSL reports a PEM key asked for without a passphrase as an interrupted password prompt.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (
      /PASSPHRASE|INTERRUPTED_OR_CANCELLED|BAD_DECRYPT/.test(code) ||
      /passphrase|bad decrypt/i.test(reason)
    ) {
      const hint =
        passphrase === undefined
          ? 'the key is encrypted and no passphrase is set'
          : 'the passphrase is wrong';
      throw new CertificateError(`${reference.where}: cannot use the key ${file}: ${hint}`);
    }
    throw new CertificateError(`${reference.where}: ${file} is not a usable private key (${reason})`);
  }
}

function looksLikeDer(bytes: Buffer): boolean {
  // DER structures start with a SEQUENCE tag.
  return bytes.length > 2 && bytes[0] === 0x30;
}

function derPrivateKey(bytes: Buffer, passphrase: string | undefined): KeyObject {
  const attempts: Array<() => KeyObject> = [
    () => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase }),
    () => createPrivateKey({ key: bytes, format: 'der', type: 'pkcs1' }),
    () => createPrivateKey({ key: bytes, format: 'der', type: 'sec1' }),
  ];
  let first: unknown;
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

/** Throws unless `key` is the private key of `certificate`. */
export function checkKeyPair(
  certificate: { file: string; pem: string },
  key: { file: string; key: KeyObject },
  where: string,
): void {
  if (!new X509Certificate(certificate.pem).checkPrivateKey(key.key)) {
    throw new CertificateError(
      `${where}: the key ${key.file} does not belong to the certificate ${certificate.file}`,
    );
  }
}

/** A PKCS#12 bundle, opened once with its passphrase so that a wrong one is reported now. */
export function readPfx(
  reference: FileReference,
  passphrase: string | undefined,
): { file: string; bytes: Buffer } {
  const { file, bytes } = readBytes(reference);
  try {
    createSecureContext({ pfx: bytes, passphrase });
  } catch (error) {
    const reason = messageOf(error);
    const hint = /mac verify|password|passphrase/i.test(reason)
      ? passphrase === undefined
        ? 'it needs a passphrase'
        : 'the passphrase is wrong'
      : `not a PKCS#12 bundle: ${reason}`;
    throw new CertificateError(`${reference.where}: cannot open ${file} (${hint})`);
  }
  return { file, bytes };
}

/** PEM text that holds a private key besides the certificate (one file for both). */
export function containsPrivateKey(pem: string): boolean {
  return /-----BEGIN (?:[A-Z]+ )?(?:ENCRYPTED )?PRIVATE KEY-----/.test(pem);
}
