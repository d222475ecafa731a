// A self-signed certificate for 127.0.0.1 and localhost written as files a real server's config can
// name, made with the openssl CLI at test time (the same generator the Node TLS tests use).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSelfSignedCert } from '../selfSignedCert';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
  /** The certificate in PEM: what a client trusts (`tls.ca`) to verify the server. */
  cert: string;
}

export function writeCertificate(dir: string): CertificateFiles {
  const { cert, key } = makeSelfSignedCert();
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, cert);
  writeFileSync(keyFile, key, { mode: 0o600 });
  return { certFile, keyFile, cert };
}
