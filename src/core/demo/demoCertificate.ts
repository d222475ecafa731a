// The demo server's TLS certificate: made fresh at every start (EC P-256, valid one day, for
// localhost, 127.0.0.1 and ::1 plus the host it listens on), so nothing with a private key is
// shipped. Node can sign but not build an X.509 certificate, hence the `selfsigned` package.
import * as net from 'node:net';
import { generate } from 'selfsigned';

export async function demoCertificate(host: string): Promise<{ key: string; cert: string }> {
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (net.isIP(host) && host !== '127.0.0.1' && host !== '::1') altNames.push({ type: 7, ip: host });
  else if (!net.isIP(host) && host !== 'localhost') altNames.push({ type: 2, value: host });
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'httpipe demo server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
