// Differential testing of our ResponseParser against Node's built-in llhttp (via Node's http client over
// a real loopback connection), plus a fixed-seed fuzz run; `npm run fuzz` runs the long version.
//
// Deliberate divergences (details and reasons in docs/parser-divergences.md). llhttp 9 in Node 20 runs
// in strict mode; where RFC 9110/9112 allow a recipient to be lenient and real servers need it, we are:
//   obs-fold                       header continuation lines accepted, joined with one space (RFC 9112 §5.2)
//   lf-only                        bare LF accepted as a line ending everywhere CR LF is expected (RFC 9112 §2.2)
//   duplicate-content-length       repeated Content-Length fields with one value accepted (RFC 9110 §8.6)
//   content-length-list            `Content-Length: 5, 5` accepted (RFC 9110 §8.6)
//   transfer-encoding-with-content-length
//                                  chunked wins, connection not reused (RFC 9112 §6.3) — llhttp rejects
//   htab-after-framing-value       a tab after a Content-Length / Transfer-Encoding value is whitespace to us;
//                                  llhttp rejects `5\t` and does not take `chunked\t` as chunked
//   interim-connection-close       a 1xx with `Connection: close` (or HTTP/1.0) does not end the connection
//                                  before the final response; llhttp rejects the final response
// and where llhttp is lenient we are strict:
//   http-version-other-than-1.x    `HTTP/2.0` / `HTTP/0.9` status lines rejected (this is an HTTP/1.x parser)
//   cr-cr-ending-status-line       `HTTP/1.1 200 OK<CR><CR>` is a bare CR to us; llhttp takes CR CR as the end of
//                                  the status line

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compareWithNode,
  DOCUMENTED_DIVERGENCES,
  runDifferentialFuzz,
  type Verdict,
} from '../../fuzz/differential';
import { startReplayServer, type ReplayServer } from '../../support/replayServer';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('differential testing against llhttp (Node http client over loopback)', function () {
  this.timeout(60_000);

  describe('agreement and each documented divergence, by example', () => {
    let server: ReplayServer;
    before(async () => {
      server = await startReplayServer();
    });
    after(() => server.close());

    const examples: Array<[Verdict, string, string?]> = [
      [
        'both-accept',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nhi\r\n0\r\nT: 1\r\n\r\n',
      ],
      ['both-accept', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n'],
      ['both-accept', 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n', 'HEAD'],
      ['both-reject', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi'],
      ['both-reject', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 ;x\r\nhi\r\n0\r\n\r\n'],
      ['obs-fold', 'HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\nContent-Length: 2\r\n\r\nhi'],
      ['lf-only', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nhi'],
      ['lf-only', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nhi\n0\n\n'],
      ['duplicate-content-length', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi'],
      ['content-length-list', 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nhi'],
      [
        'transfer-encoding-with-content-length',
        'HTTP/1.1 200 OK\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      ],
      ['htab-after-framing-value', 'HTTP/1.1 200 OK\r\nContent-Length: 2\t\r\n\r\nhi'],
      [
        'htab-after-framing-value',
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\t\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      ],
      [
        'interim-connection-close',
        'HTTP/1.1 100 Continue\r\nConnection: close\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi',
      ],
      ['http-version-other-than-1.x', 'HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nhi'],
      ['http-version-other-than-1.x', 'HTTP/0.9 200 OK\r\nContent-Length: 2\r\n\r\nhi'],
      ['cr-cr-ending-status-line', 'HTTP/1.1 200 OK\r\r\r\nuntil close'],
      ['lf-only', 'HTTP/1.1 200 OK\r\nX-Empty: \nContent-Length: 2\r\n\r\nhi'],
      ['obs-fold', 'HTTP/1.1 200 OK\r\nX-Empty:\r\n folded\r\nContent-Length: 2\r\n\r\nhi'],
    ];
    for (const [verdict, stream, method = 'GET'] of examples) {
      it(`${verdict}: ${JSON.stringify(stream).slice(0, 70)}`, async () => {
        const result = await compareWithNode(server, bytes(stream), method);
        assert.equal(result.verdict, verdict, JSON.stringify({ ours: result.ours, node: result.node }));
      });
    }

    it('reads the body the lenient way where we accept (obs-fold joined, chunked winning over Content-Length)', async () => {
      const folded = await compareWithNode(
        server,
        bytes('HTTP/1.1 200 OK\r\nX-Long: a\r\n \t b \r\nContent-Length: 2\r\n\r\nhi'),
        'GET',
      );
      assert.deepEqual(folded.ours.head?.headers[0], ['X-Long', 'a b']);
      const both = await compareWithNode(
        server,
        bytes(
          'HTTP/1.1 200 OK\r\nContent-Length: 50\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
        ),
        'GET',
      );
      assert.equal(both.ours.body, 'hi');
      assert.equal(both.ours.keepAlive, false);
    });

    it('documents every divergence the classifier can name in docs/parser-divergences.md', () => {
      const doc = readFileSync(path.resolve(__dirname, '../../../../docs/parser-divergences.md'), 'utf8');
      for (const name of DOCUMENTED_DIVERGENCES)
        assert.match(doc, new RegExp(`^## \`${name.replace(/[.]/g, '\\.')}\``, 'm'), name);
    });
  });

  it('fixed-seed run: 300 generated and mutated responses, every split, plus 300 pipelines', async () => {
    const seed = 'httpipe-differential-1';
    const report = await runDifferentialFuzz({ seed, cases: 300, splits: 'all', concurrency: 8 });
    const shown = report.failures
      .slice(0, 3)
      .map(
        (f) =>
          `#${f.caseIndex} ${f.reason}\n  ${f.method} ← ${f.stream}\n  mutations: ${f.mutations.join('; ')}\n  ours: ${JSON.stringify(f.ours)}\n  other: ${JSON.stringify(f.node)}`,
      );
    assert.equal(
      report.failures.length,
      0,
      `${report.failures.length} failing cases (re-run one with: node out/test/fuzz/runFuzz.js --seed ${seed} --first N --cases 1 --splits all)\n${shown.join('\n')}`,
    );
    // The run must exercise what it claims to: both verdicts, the oracle, pipelines and the generator's lenient syntax.
    assert.ok(report.oracleChecks >= 120, `oracle checks: ${report.oracleChecks}`);
    assert.ok(report.agreedAccepted >= 60, `both accept: ${report.agreedAccepted}`);
    assert.ok(report.agreedRejected >= 40, `both reject: ${report.agreedRejected}`);
    assert.equal(report.pipelines, 300);
    for (const name of [
      'obs-fold',
      'lf-only',
      'duplicate-content-length',
      'content-length-list',
      'transfer-encoding-with-content-length',
      'htab-after-framing-value',
    ] as const) {
      assert.ok(
        (report.divergences[name] ?? 0) > 0,
        `divergence ${name} never exercised: ${JSON.stringify(report.divergences)}`,
      );
    }
  });
});
