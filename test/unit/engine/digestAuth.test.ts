// The Digest math against the worked example of RFC 7616 §3.9.1.
import assert from 'node:assert/strict';
import { digestAuthorization, pickDigestChallenge } from '../../../src/core/engine/digestAuth';

const challengeFor = (algorithm: string): string =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

describe('Digest auth math (RFC 7616 §3.9.1)', () => {
  for (const [algorithm, response] of [
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ]) {
    it(`computes the example's ${algorithm} response`, () => {
      const challenge = pickDigestChallenge([challengeFor(algorithm)])!;
      const header = digestAuthorization(
        challenge,
        { username: 'Mufasa', password: 'Circle of Life' },
        { method: 'GET', uri: '/dir/index.html' },
        { cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', nc: 1 },
      );
      assert.ok(header.includes(`response="${response}"`), header);
      assert.ok(
        header.includes('nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth'),
      );
      assert.ok(header.includes('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'));
    });
  }

  it('prefers SHA-256 when the server offers both, as the example 401 does', () => {
    assert.equal(
      pickDigestChallenge([`${challengeFor('SHA-256')}, ${challengeFor('MD5')}`])!.algorithm,
      'SHA-256',
    );
    assert.equal(pickDigestChallenge([challengeFor('MD5'), challengeFor('SHA-256')])!.algorithm, 'SHA-256');
  });
});
