// buildTlsOptions: the certificates setting, the verification switch and JetBrains env files'
// SSLConfiguration turned into RunOptions.tls, with real certificate files in a temp folder.
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTlsOptions, type TlsSources } from '../../../src/core/tls/tlsOptions';
import { makeSelfSignedCert, toPfx, type SelfSignedCert } from '../../support/selfSignedCert';

describe('buildTlsOptions', () => {
  let client: SelfSignedCert;
  let other: SelfSignedCert;
  let root: string;

  before(() => {
    client = makeSelfSignedCert('httpipe-client');
    other = makeSelfSignedCert('other');
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'httpipe-tls-options-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(relative: string, content: string | Buffer): string {
    const file = join(root, relative);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  const fromSetting = (value: unknown, extra: Partial<TlsSources> = {}) =>
    buildTlsOptions({ certificates: { value, name: 'setting httpipe.certificates', base: root }, ...extra });

  describe('the certificates setting', () => {
    it('reads cert and key per host, relative paths from the base folder, absolute paths as they are', () => {
      write('certs/client.crt', client.cert);
      const key = write('certs/client.key', client.key);
      const plan = fromSetting({ 'localhost:8443': { cert: 'certs/client.crt', key } });
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(plan.tls.perHost, { 'localhost:8443': { cert: client.cert, key: client.key } });
      assert.equal(plan.tls.rejectUnauthorized, undefined, 'verification stays at the engine default (on)');
      assert.deepEqual(plan.warnings, []);
    });

    it('reads a PKCS#12 bundle with its passphrase, and a ca that trusts a development server', () => {
      const pfx = toPfx(client, 'secret');
      write('client.p12', pfx);
      write('dev-ca.pem', other.cert);
      const plan = fromSetting({
        'api.local': { pfx: 'client.p12', passphrase: 'secret', ca: 'dev-ca.pem' },
      });
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(plan.tls.perHost, { 'api.local': { pfx, passphrase: 'secret', ca: other.cert } });
    });

    it('takes the key from the certificate file when one PEM file holds both', () => {
      write('both.pem', client.key + client.cert);
      const plan = fromSetting({ localhost: { cert: 'both.pem' } });
      assert.deepEqual(plan.problems, []);
      assert.equal(plan.tls.perHost?.localhost.cert, client.key + client.cert);
    });

    it('accepts DER files and passes them on as PEM', () => {
      write('client.der', new X509Certificate(client.cert).raw);
      write('client-key.der', createPrivateKey(client.key).export({ type: 'pkcs8', format: 'der' }));
      const plan = fromSetting({ localhost: { cert: 'client.der', key: 'client-key.der' } });
      assert.deepEqual(plan.problems, []);
      const entry = plan.tls.perHost!.localhost;
      assert.equal(
        new X509Certificate(entry.cert as string).fingerprint256,
        new X509Certificate(client.cert).fingerprint256,
      );
      assert.match(String(entry.key), /^-----BEGIN PRIVATE KEY-----/);
    });

    it('passes an encrypted key on with its passphrase, and says when the passphrase is missing or wrong', () => {
      write('client.crt', client.cert);
      write(
        'locked.key',
        createPrivateKey(client.key).export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'open',
        }),
      );
      const good = fromSetting({ localhost: { cert: 'client.crt', key: 'locked.key', passphrase: 'open' } });
      assert.deepEqual(good.problems, []);
      assert.equal(good.tls.perHost?.localhost.passphrase, 'open');
      const keyFile = join(root, 'locked.key');
      assert.deepEqual(fromSetting({ localhost: { cert: 'client.crt', key: 'locked.key' } }).problems, [
        `setting httpipe.certificates["localhost"].key: cannot use the key ${keyFile}: the key is encrypted and no passphrase is set`,
      ]);
      assert.deepEqual(
        fromSetting({ localhost: { cert: 'client.crt', key: 'locked.key', passphrase: 'nope' } }).problems,
        [
          `setting httpipe.certificates["localhost"].key: cannot use the key ${keyFile}: the passphrase is wrong`,
        ],
      );
    });

    it('names the setting, the host, the field and the absolute path of a file that cannot be used', () => {
      write('client.crt', client.cert);
      write('other.key', other.key);
      write('garbage.crt', 'not a certificate');
      write('client.p12', toPfx(client, 'secret'));
      const plan = fromSetting({
        'a:1': { cert: 'missing.crt', key: 'other.key' },
        'b:2': { cert: 'client.crt', key: 'other.key' },
        'c:3': { cert: 'garbage.crt', key: 'other.key' },
        'd:4': { pfx: 'client.p12', passphrase: 'wrong' },
        'e:5': { cert: 'client.crt' },
        'f:6': { cert: 'client.crt', key: 'other.key', pfx: 'client.p12' },
      });
      assert.deepEqual(plan.problems, [
        `setting httpipe.certificates["a:1"].cert: cannot read ${join(root, 'missing.crt')} (no such file)`,
        `setting httpipe.certificates["b:2"]: the key ${join(root, 'other.key')} does not belong to the certificate ${join(root, 'client.crt')}`,
        `setting httpipe.certificates["c:3"].cert: ${join(root, 'garbage.crt')} is not a PEM or DER certificate (error:0480006C:PEM routines::no start line)`,
        `setting httpipe.certificates["d:4"].pfx: cannot open ${join(root, 'client.p12')} (the passphrase is wrong)`,
        `setting httpipe.certificates["e:5"]: cert ${join(root, 'client.crt')} holds no private key; set key to the key file`,
        `setting httpipe.certificates["f:6"]: set either pfx or cert and key, not both`,
      ]);
      assert.equal(plan.tls.perHost, undefined);
    });

    it('refuses a misspelt field, a URL for a host and a value of the wrong shape; the good entries still load', () => {
      write('client.crt', client.cert);
      write('client.key', client.key);
      const plan = fromSetting({
        'https://localhost:8443': { cert: 'client.crt', key: 'client.key' },
        localhost: { certificate: 'client.crt' },
        'x:1': 'client.crt',
        'y:2': { cert: 42 },
        'good:443': { cert: 'client.crt', key: 'client.key' },
      });
      assert.deepEqual(plan.problems, [
        'setting httpipe.certificates["https://localhost:8443"]: write the host as host:port or host (like localhost:8443), not a URL',
        'setting httpipe.certificates["localhost"]: unknown field "certificate" (known: cert, key, pfx, passphrase, ca)',
        'setting httpipe.certificates["x:1"] must be an object with cert and key, or pfx (and passphrase)',
        'setting httpipe.certificates["y:2"].cert must be a non-empty string',
      ]);
      assert.deepEqual(Object.keys(plan.tls.perHost ?? {}), ['good:443']);
      assert.deepEqual(fromSetting(['a']).problems, [
        'setting httpipe.certificates must be an object by host: { "localhost:8443": { "cert": "client.crt", "key": "client.key" } }',
      ]);
      assert.deepEqual(fromSetting({}), {
        tls: {},
        problems: [],
        warnings: [],
        passphraseNeededFor: undefined,
      });
    });
  });

  describe('verification', () => {
    it('is left on unless the switch turns it off, which is said in a warning naming the switch', () => {
      assert.deepEqual(buildTlsOptions({ rejectUnauthorized: true }), {
        tls: {},
        problems: [],
        warnings: [],
        passphraseNeededFor: undefined,
      });
      const off = buildTlsOptions({
        rejectUnauthorized: false,
        rejectUnauthorizedName: 'setting httpipe.tls.rejectUnauthorized',
      });
      assert.equal(off.tls.rejectUnauthorized, false);
      assert.deepEqual(off.warnings, [
        'TLS certificates are not verified (setting httpipe.tls.rejectUnauthorized): use this only with development servers.',
      ]);
    });
  });

  describe("the selected environment's SSLConfiguration", () => {
    const httpFile = () => join(root, 'api', 'requests.http');

    it('turns verification off for that environment only, naming the env file', () => {
      write('api/requests.http', 'GET https://localhost:8443/\n');
      write(
        'http-client.private.env.json',
        JSON.stringify({ dev: { SSLConfiguration: { verifyHostCertificate: false } }, prod: { host: 'x' } }),
      );
      const dev = buildTlsOptions({ filePath: httpFile(), workspaceRoot: root, environment: 'dev' });
      assert.equal(dev.tls.rejectUnauthorized, false);
      assert.deepEqual(dev.warnings, [
        'TLS certificates are not verified (verifyHostCertificate: false in http-client.private.env.json (environment "dev")): use this only with development servers.',
      ]);
      for (const environment of ['prod', undefined]) {
        const plan = buildTlsOptions({ filePath: httpFile(), workspaceRoot: root, environment });
        assert.deepEqual(
          plan,
          { tls: {}, problems: [], warnings: [], passphraseNeededFor: undefined },
          String(environment),
        );
      }
      const untrusted = buildTlsOptions({
        filePath: httpFile(),
        workspaceRoot: root,
        environment: 'dev',
        untrustedWorkspace: root,
      });
      assert.equal(
        untrusted.tls.rejectUnauthorized,
        undefined,
        'an untrusted workspace cannot turn verification off',
      );
      assert.deepEqual(untrusted.warnings, [
        'verifyHostCertificate: false in http-client.private.env.json (environment "dev") is ignored: the workspace is not trusted, so certificates are verified.',
      ]);
    });

    it('reads the client certificate with paths relative to the env file, in string and object form; private wins field by field', () => {
      write('api/requests.http', '');
      write('certs/client.pem', client.cert);
      write('certs/client.der.key', createPrivateKey(client.key).export({ type: 'pkcs8', format: 'der' }));
      write('certs/other.pem', other.cert);
      // The public file names another certificate; the private one replaces it, the key comes from the public file.
      write(
        'http-client.env.json',
        JSON.stringify({
          dev: {
            SSLConfiguration: {
              clientCertificate: 'certs/other.pem',
              clientCertificateKey: { path: 'certs/client.der.key', format: 'DER' },
            },
          },
        }),
      );
      write(
        'http-client.private.env.json',
        JSON.stringify({
          dev: { SSLConfiguration: { clientCertificate: { path: './certs/client.pem', format: 'PEM' } } },
        }),
      );
      const plan = buildTlsOptions({ filePath: httpFile(), workspaceRoot: root, environment: 'dev' });
      assert.deepEqual(plan.problems, []);
      assert.equal(plan.tls.cert, client.cert);
      assert.equal(
        new X509Certificate(client.cert).checkPrivateKey(createPrivateKey(plan.tls.key as string)),
        true,
      );
      assert.equal(plan.tls.rejectUnauthorized, undefined);
    });

    it('asks for the passphrase of a key marked hasCertificatePassphrase, and uses it once given', () => {
      write('api/requests.http', '');
      write('client.pem', client.cert);
      write(
        'client.key',
        createPrivateKey(client.key).export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'open',
        }),
      );
      write(
        'http-client.private.env.json',
        JSON.stringify({
          dev: {
            SSLConfiguration: {
              clientCertificate: 'client.pem',
              clientCertificateKey: 'client.key',
              hasCertificatePassphrase: true,
            },
          },
        }),
      );
      const sources = { filePath: httpFile(), workspaceRoot: root, environment: 'dev' };
      const asking = buildTlsOptions(sources);
      assert.equal(asking.passphraseNeededFor, join(root, 'client.pem'));
      assert.equal(asking.tls.cert, undefined);
      const given = buildTlsOptions({ ...sources, environmentPassphrase: 'open' });
      assert.deepEqual(given.problems, []);
      assert.equal(given.tls.passphrase, 'open');
      assert.deepEqual(buildTlsOptions({ ...sources, environmentPassphrase: 'nope' }).problems, [
        `${join(root, 'http-client.private.env.json')}: environment "dev" SSLConfiguration.clientCertificateKey: cannot use the key ${join(root, 'client.key')}: the passphrase is wrong`,
      ]);
    });

    it('reports unusable entries with the env file, and refuses files outside an untrusted workspace', () => {
      const outside = mkdtempSync(join(tmpdir(), 'httpipe-outside-'));
      try {
        writeFileSync(join(outside, 'client.pem'), client.key + client.cert);
        write('api/requests.http', '');
        const envFile = write(
          'http-client.private.env.json',
          JSON.stringify({
            dev: { SSLConfiguration: { clientCertificate: join(outside, 'client.pem') } },
            broken: { SSLConfiguration: { clientCertificate: 7 } },
            keyOnly: { SSLConfiguration: { clientCertificateKey: 'client.key' } },
          }),
        );
        const sources = { filePath: httpFile(), workspaceRoot: root };
        assert.deepEqual(
          buildTlsOptions({ ...sources, environment: 'dev' }).problems,
          [],
          'trusted: any path',
        );
        assert.deepEqual(
          buildTlsOptions({ ...sources, environment: 'dev', untrustedWorkspace: root }).problems,
          [
            `${envFile}: environment "dev" SSLConfiguration.clientCertificate: ${join(outside, 'client.pem')} is outside the workspace, which is not trusted; trust the workspace to use it`,
          ],
        );
        assert.deepEqual(buildTlsOptions({ ...sources, environment: 'broken' }).problems, [
          `${envFile}: environment "broken" SSLConfiguration.clientCertificate must be a path, or an object with "path"`,
        ]);
        assert.deepEqual(buildTlsOptions({ ...sources, environment: 'keyOnly' }).problems, [
          `${envFile}: environment "keyOnly" SSLConfiguration.clientCertificateKey is set without clientCertificate`,
        ]);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('adds the switch and the environment to one warning, and keeps host entries beside the environment certificate', () => {
      write('api/requests.http', '');
      write('client.pem', client.key + client.cert);
      write('other.crt', other.cert);
      write('other.key', other.key);
      write(
        'http-client.env.json',
        JSON.stringify({
          dev: { SSLConfiguration: { verifyHostCertificate: false, clientCertificate: 'client.pem' } },
        }),
      );
      const plan = buildTlsOptions({
        filePath: httpFile(),
        workspaceRoot: root,
        environment: 'dev',
        rejectUnauthorized: false,
        rejectUnauthorizedName: '--insecure',
        certificates: {
          value: { 'other:443': { cert: 'other.crt', key: 'other.key' } },
          name: '--certificates c.json',
          base: root,
        },
      });
      assert.deepEqual(plan.problems, []);
      assert.deepEqual(plan.warnings, [
        'TLS certificates are not verified (--insecure; verifyHostCertificate: false in http-client.env.json (environment "dev")): use this only with development servers.',
      ]);
      assert.equal(plan.tls.cert, client.key + client.cert);
      assert.deepEqual(plan.tls.perHost, { 'other:443': { cert: other.cert, key: other.key } });
    });
  });
});
