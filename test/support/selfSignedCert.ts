// A throwaway self-signed certificate for loopback TLS tests, made by the system's openssl at test
// time (nothing downloaded, nothing checked in). Valid for localhost and 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSignedCert {
  key: string;
  cert: string;
}

/** The subject CN, e.g. a client certificate's name that a server reads back (the SAN stays localhost). */
export function makeSelfSignedCert(commonName = 'localhost'): SelfSignedCert {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The certificate and key as one PKCS#12 (.pfx) bundle protected by `passphrase`. */
export function toPfx(certificate: SelfSignedCert, passphrase: string): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'httpipe-pfx-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const pfx = join(dir, 'bundle.pfx');
    writeFileSync(key, certificate.key);
    writeFileSync(cert, certificate.cert);
    execFileSync(
      'openssl',
      ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', pfx, '-passout', `pass:${passphrase}`],
      {
        stdio: 'ignore',
      },
    );
    return readFileSync(pfx);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
