// NO_PROXY rules and the CLI's proxy environment variables (pure functions: no process.env here).
import assert from 'node:assert/strict';
import { bypassesProxy, parseNoProxy } from '../../../src/core/proxy/noProxy';
import { maskedProxy, parseProxyUrl, proxyFromEnvironment } from '../../../src/core/proxy/proxyUrl';

const bypasses = (url: string, list: string | string[]): boolean =>
  bypassesProxy(new URL(url), parseNoProxy(list));

describe('NO_PROXY', () => {
  it('matches a domain and its subdomains, however it is written, case-insensitively', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com']) {
      assert.ok(bypasses('http://example.com/', entry), entry);
      assert.ok(bypasses('https://api.Example.com/', entry), entry);
      assert.ok(!bypasses('http://notexample.com/', entry), entry);
    }
  });

  it('takes commas and spaces, an array (http.noProxy), and * for everything', () => {
    assert.ok(bypasses('http://b.test/', 'a.test, b.test c.test'));
    assert.ok(bypasses('http://c.test/', ['a.test', 'c.test']));
    assert.ok(bypasses('http://anything.test:8080/', '*'));
    assert.ok(!bypasses('http://d.test/', ' , '));
  });

  it('narrows an entry to a port, the default port included', () => {
    assert.ok(bypasses('http://127.0.0.1:8080/', '127.0.0.1:8080'));
    assert.ok(!bypasses('http://127.0.0.1:8081/', '127.0.0.1:8080'));
    assert.ok(bypasses('https://secure.test/', 'secure.test:443'));
  });

  it('matches IP literals exactly, IPv6 in or out of brackets, and CIDR ranges', () => {
    assert.ok(bypasses('http://127.0.0.1/', '127.0.0.1'));
    assert.ok(!bypasses('http://127.0.0.10/', '127.0.0.1'));
    assert.ok(bypasses('http://[::1]:3000/', '::1'));
    assert.ok(bypasses('http://[::1]:3000/', '[::1]:3000'));
    assert.ok(bypasses('http://127.4.5.6/', '127.0.0.0/8'));
    assert.ok(!bypasses('http://128.0.0.1/', '127.0.0.0/8'));
    assert.ok(!bypasses('http://127.0.0.1/', '127.0.0.0/40'), 'an impossible prefix matches nothing');
  });
});

describe('proxy URLs and the CLI environment', () => {
  it('reads proxy URLs with or without a scheme, and refuses what is not one, naming its source', () => {
    assert.equal(parseProxyUrl('proxy.test:3128', 'HTTP_PROXY').href, 'http://proxy.test:3128/');
    assert.equal(parseProxyUrl(' https://u:p@proxy.test ', 'x').protocol, 'https:');
    assert.throws(
      () => parseProxyUrl('socks5://proxy.test:1080', 'ALL_PROXY'),
      /ALL_PROXY: socks5 proxies are not supported/,
    );
    assert.throws(() => parseProxyUrl('http://', 'setting http.proxy'), /setting http.proxy/);
  });

  it('never shows credentials', () => {
    assert.equal(maskedProxy(new URL('http://ann:secret@proxy.test:3128')), 'http://proxy.test:3128');
  });

  it('takes HTTP_PROXY, HTTPS_PROXY and NO_PROXY, the lower-case spelling first, as curl does', () => {
    const options = proxyFromEnvironment({
      HTTP_PROXY: 'http://upper:1',
      http_proxy: 'http://lower:2',
      HTTPS_PROXY: 'http://s:3',
      NO_PROXY: 'localhost',
    });
    assert.equal(options?.http?.host, 'lower:2');
    assert.equal(options?.https?.host, 's:3');
    assert.equal(options?.noProxy, 'localhost');
    assert.equal(proxyFromEnvironment({ NO_PROXY: 'localhost' }), undefined);
    assert.equal(proxyFromEnvironment({ HTTP_PROXY: '  ' }), undefined);
  });
});
