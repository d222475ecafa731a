// The host treats webview messages as untrusted (the webview renders server content): only
// well-formed messages of the protocol get through.
import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from '../../../src/shared/panelProtocol';

describe('parseWebviewMessage', () => {
  it('accepts every message of the protocol', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'compare' },
      { type: 'cancel' },
      { type: 'rerun', mode: 'pipelined' },
      { type: 'select-request', runId: 'r1', index: 0 },
      { type: 'show-wire', runId: 'r1', connectionId: 2 },
      { type: 'copy-body', runId: 'r1', index: 3 },
      { type: 'save-body', runId: 'r1', index: 3 },
      { type: 'open-body', runId: 'r1', index: 3 },
      { type: 'copy-curl', runId: 'r1', index: 3 },
      { type: 'copy-probe-markdown', probeId: 'p1' },
    ]) {
      assert.deepEqual(parseWebviewMessage(message), message);
    }
  });

  it('drops extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'cancel', command: 'rm -rf' }), { type: 'cancel' });
  });

  it('rejects unknown types, bad modes, bad indexes and non-objects', () => {
    for (const bad of [
      null,
      'ready',
      42,
      {},
      { type: 'eval' },
      { type: 'rerun', mode: 'http2' },
      { type: 'select-request', runId: 'r', index: -1 },
      { type: 'select-request', runId: 'r', index: 1.5 },
      { type: 'copy-body', runId: 7, index: 0 },
      { type: 'show-wire', runId: 'r' },
      { type: 'copy-probe-markdown' },
      { type: 'copy-probe-markdown', probeId: 1 },
      { type: 'toString' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
