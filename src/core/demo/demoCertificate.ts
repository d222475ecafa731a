// The demo server's TLS certificate: made fresh at every start (EC P-256, valid one day, for
// localhost, 127.0.0.1 and ::1 plus the host it listens on), so nothing with a private key is
// shipped. Node can sign but not build an X.509 certificate, hence the `selfsigned` package, imported
// here on first use: its X.509 and ASN.1 libraries take about 50 ms to load, which every process that
// bundles the demo server (the CLI, the extension) would otherwise pay at start-up.
import * as net from 'node:net';

export async function demoCertificate(host: string): Promise<{ key: string; cert: string }> {
  const altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }> = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (net.isIP(host) && host !== '127.0.0.1' && host !== '::1') altNames.push({ type: 7, ip: host });
  else if (!net.isIP(host) && host !== 'localhost') altNames.push({ type: 2, value: host });
  const { generate } = await import('selfsigned');
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
