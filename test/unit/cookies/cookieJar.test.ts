// The run's cookie jar end to end through the engine, against a real loopback server that sets
// cookies and echoes the Cookie header it received. Jar semantics (Path, Max-Age=0) are tough-cookie's;
// one case each checks that they reach the wire.
import { HTTP1_MODES, RUN_MODES } from '../../../src/core/common/runModes';
import assert from 'node:assert/strict';
import { compareModes } from '../../../src/core/compare/compareModes';
import { newRunCookieJar } from '../../../src/core/cookies/runCookieJar';
import { runRequests } from '../../../src/core/engine/runRequests';
import { startCookieServer, setPath, type CookieServer } from '../../support/cookieServer';
import { bodies, requests } from '../../support/requestSpecs';

describe('cookie jar (engine, real server)', () => {
  let server: CookieServer;
  beforeEach(async () => {
    server = await startCookieServer();
  });
  afterEach(async () => {
    await server.close();
  });

  for (const mode of HTTP1_MODES) {
    it(`${mode}: a login POST sets sid and the GET after it carries it`, async () => {
      const result = await runRequests(
        requests([
          [
            'POST',
            `${server.origin}${setPath(['sid=abc; Path=/; HttpOnly'])}`,
            { name: 'login', body: '{}' },
          ],
          ['GET', `${server.origin}/me`],
        ]),
        { mode, cookieJar: newRunCookieJar() },
      );
      assert.deepEqual(bodies(result.requests), ['', 'sid=abc']);
      assert.deepEqual(
        result.requests.map((r) => r.cookies),
        [
          { sent: [], stored: ['sid'] },
          { sent: ['sid'], stored: [] },
        ],
      );
      assert.deepEqual(result.notes, []);
    });
  }

  it('sends nothing and stores nothing without a jar', async () => {
    const result = await runRequests(
      requests([
        ['POST', `${server.origin}${setPath(['sid=abc'])}`, { body: '{}' }],
        ['GET', `${server.origin}/me`],
      ]),
      { mode: 'keepalive' },
    );
    assert.deepEqual(bodies(result.requests), ['', '']);
    assert.equal(result.requests[1].cookies, undefined);
  });

  it("@no-cookie-jar: that request neither gets the jar's cookies nor stores its Set-Cookie", async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['sid=abc'])}`],
        ['GET', `${server.origin}${setPath(['other=1'])}`, { noCookieJar: true }],
        ['GET', `${server.origin}/me`],
      ]),
      { mode: 'keepalive', cookieJar: newRunCookieJar() },
    );
    assert.deepEqual(bodies(result.requests), ['', '', 'sid=abc']);
    assert.equal(result.requests[1].cookies, undefined);
  });

  it("merges with a Cookie header the user wrote; the user's value for a name wins", async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['sid=fromjar', 'theme=dark'])}`],
        ['GET', `${server.origin}/me`, { headers: [['cookie', 'sid=mine']] }],
      ]),
      { mode: 'keepalive', cookieJar: newRunCookieJar() },
    );
    assert.equal(bodies(result.requests)[1], 'sid=mine; theme=dark');
    assert.deepEqual(result.requests[1].cookies?.sent, ['theme']);
  });

  it("keeps Path and deletes on Max-Age=0 (the library's rules, on the wire)", async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['sid=abc; Path=/', 'scoped=1; Path=/api'])}`],
        ['GET', `${server.origin}/api/items`],
        ['GET', `${server.origin}/other`],
        ['GET', `${server.origin}${setPath(['sid=; Max-Age=0; Path=/'])}`],
        ['GET', `${server.origin}/api/after-logout`],
      ]),
      { mode: 'keepalive', cookieJar: newRunCookieJar() },
    );
    const sent = bodies(result.requests);
    assert.equal(sent[1], 'scoped=1; sid=abc');
    assert.equal(sent[2], 'sid=abc');
    assert.equal(sent[4], 'scoped=1');
    assert.deepEqual(result.requests[3].cookies?.stored, ['sid']);
  });

  it('refuses a cookie for another domain', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['evil=1; Domain=example.com'])}`],
        ['GET', `${server.origin}/me`],
      ]),
      { mode: 'keepalive', cookieJar: newRunCookieJar() },
    );
    assert.deepEqual(result.requests[0].cookies?.stored, []);
    assert.equal(bodies(result.requests)[1], '');
  });

  it('pipelined: a GET written before an earlier response set a cookie is marked, and the run says why', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['sid=abc'], '&ms=150')}`, { name: 'start' }],
        ['GET', `${server.origin}/me`, { name: 'me' }],
        ['GET', `${server.origin}/me2`, { name: 'me2', headers: [['Cookie', 'sid=pinned']] }],
      ]),
      { mode: 'pipelined', cookieJar: newRunCookieJar() },
    );
    // Both were on the wire before the slow first response came back.
    const arrivedBefore = server.received.map((r) => r.target);
    assert.deepEqual(arrivedBefore.slice(1), ['/me', '/me2']);
    assert.deepEqual(bodies(result.requests), ['', '', 'sid=pinned']);
    assert.deepEqual(result.requests[1].cookies, {
      sent: [],
      stored: [],
      missed: [{ from: 0, names: ['sid'] }],
    });
    // The user pinned sid, so the jar's sid was never going to be sent: not missed.
    assert.equal(result.requests[2].cookies?.missed, undefined);
    assert.deepEqual(result.notes, [
      "#2 me was already written when #1 start's response set cookie sid, so it went without it; " +
        '# @no-pipeline on #1 start makes the requests after it wait for its cookies.',
    ]);
  });

  it('pipelined: only requests after the setter are marked, also across origins (cookies ignore the port)', async () => {
    const other = await startCookieServer();
    try {
      const result = await runRequests(
        requests([
          ['GET', `${other.origin}/slow?ms=300`, { name: 'slow' }],
          ['GET', `${server.origin}${setPath(['sid=abc'])}`, { name: 'start' }],
          ['GET', `${other.origin}/me`, { name: 'me' }],
        ]),
        { mode: 'pipelined', cookieJar: newRunCookieJar() },
      );
      assert.deepEqual(
        result.requests.map((r) => r.cookies?.missed),
        [undefined, undefined, [{ from: 1, names: ['sid'] }]],
      );
    } finally {
      await other.close();
    }
  });

  it('pipelined: # @no-pipeline on the setting GET makes the next one wait and carry the cookie', async () => {
    const result = await runRequests(
      requests([
        ['GET', `${server.origin}${setPath(['sid=abc'], '&ms=50')}`, { name: 'start', noPipeline: true }],
        ['GET', `${server.origin}/me`],
      ]),
      { mode: 'pipelined', cookieJar: newRunCookieJar() },
    );
    assert.deepEqual(bodies(result.requests), ['', 'sid=abc']);
    assert.deepEqual(result.notes, []);
  });

  it('compare modes: every run has its own jar, so no run starts with cookies', async () => {
    // The login POST carries no cookie in any run only if no jar is shared; the GET behind it always has one.
    const makeSpecs = () =>
      requests([
        ['POST', `${server.origin}${setPath(['sid=abc'])}`, { body: '{}' }],
        ['GET', `${server.origin}/me`],
      ]);
    await compareModes(makeSpecs, { repeat: 2, newCookieJar: newRunCookieJar });
    const firsts = server.received.filter((r) => r.target.startsWith('/set'));
    const seconds = server.received.filter((r) => r.target === '/me');
    assert.equal(firsts.length, 2 * RUN_MODES.length);
    assert.deepEqual(new Set(firsts.map((r) => r.cookie)), new Set(['']));
    assert.deepEqual(new Set(seconds.map((r) => r.cookie)), new Set(['sid=abc']));
  });
});
