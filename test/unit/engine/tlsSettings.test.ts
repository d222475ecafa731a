// Which TLS settings a connection gets: run-wide ones, overridden field by field by the perHost entry
// that matches its URL. Real handshakes with these settings are in tls.test.ts.
import assert from 'node:assert/strict';
import { tlsFor } from '../../../src/core/engine/tlsSettings';

describe('engine TLS settings per host', () => {
  it('verifies certificates unless told not to', () => {
    assert.deepEqual(tlsFor(new URL('https://a.test/'), undefined), { rejectUnauthorized: true });
    assert.equal(tlsFor(new URL('https://a.test/'), { rejectUnauthorized: false }).rejectUnauthorized, false);
  });

  it('keys an entry by host:port with the default port spelled out, or by host alone', () => {
    const perHost = {
      'a.test:443': { cert: 'a443' },
      'b.test': { cert: 'b' },
      'b.test:8443': { cert: 'b8443' },
    };
    assert.equal(tlsFor(new URL('https://a.test/'), { perHost }).cert, 'a443');
    assert.equal(tlsFor(new URL('https://a.test:8443/'), { perHost }).cert, undefined);
    assert.equal(tlsFor(new URL('https://b.test/'), { perHost }).cert, 'b');
    assert.equal(tlsFor(new URL('https://b.test:8443/'), { perHost }).cert, 'b8443');
  });

  it('matches IPv6 literals in brackets and ignores case and spaces in keys', () => {
    const perHost = { '[::1]:9443': { key: 'v6' }, ' API.Example.TEST ': { key: 'named' } };
    assert.equal(tlsFor(new URL('https://[::1]:9443/'), { perHost }).key, 'v6');
    assert.equal(tlsFor(new URL('https://api.example.test/'), { perHost }).key, 'named');
  });

  it('replaces only the fields the entry sets, and never carries perHost itself into the socket options', () => {
    const settings = tlsFor(new URL('https://a.test/'), {
      ca: 'run-ca',
      cert: 'run-cert',
      key: 'run-key',
      perHost: { 'a.test': { cert: 'host-cert', key: 'host-key', ca: undefined } },
    });
    assert.deepEqual(settings, {
      ca: 'run-ca',
      cert: 'host-cert',
      key: 'host-key',
      rejectUnauthorized: true,
    });
  });
});
