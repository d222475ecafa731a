// The history picker's lines.
import assert from 'node:assert/strict';
import { describeHistoryEntry, statusList } from '../../../src/core/history/historyEntryText';
import type { HistoryEntry } from '../../../src/core/history/storedRun';

const entry: HistoryEntry = {
  id: 'a1',
  file: '/work/api/classic.http',
  mode: 'pipelined',
  startedAt: '2026-11-22T07:00:01.250Z',
  wallMs: 1534.2,
  statuses: [200, 200, 'error'],
  cancelled: false,
};

describe('history picker text', () => {
  it('shows time and file, then mode, wall time and statuses, then the full path', () => {
    assert.deepEqual(describeHistoryEntry(entry), {
      label: '2026-11-22 07:00:01Z  classic.http',
      description: 'pipelined · 1.53 s · 3 requests: 200 200 error',
      detail: '/work/api/classic.http',
    });
  });

  it('says when a run was cancelled and writes short runs in ms', () => {
    const text = describeHistoryEntry(
      { ...entry, mode: 'keepalive', wallMs: 12.4, statuses: ['not sent'], cancelled: true },
      () => 'T',
    );
    assert.equal(text.label, 'T  classic.http');
    assert.equal(text.description, 'keep-alive · 12 ms · 1 request: not sent · cancelled');
  });

  it('lists at most eight statuses', () => {
    assert.equal(
      statusList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => 200 + n)),
      '201 202 203 204 205 206 207 208 +2 more',
    );
  });
});
