// The panel's durations: unit and decimals follow the rounded value, so no "100.0 ms" or "1000 ms".
import { strict as assert } from 'node:assert';
import { formatDuration } from '../../../src/core/report/formatDuration';

describe('formatDuration', () => {
  it('shows one decimal under 100 ms, whole milliseconds up to a second, then seconds', () => {
    assert.equal(formatDuration(0), '0.0 ms');
    assert.equal(formatDuration(35.71), '35.7 ms');
    assert.equal(formatDuration(412.4), '412 ms');
    assert.equal(formatDuration(1502.3), '1.50 s');
    assert.equal(formatDuration(12_345), '12.3 s');
  });

  it('moves to the next unit when rounding reaches it', () => {
    assert.equal(formatDuration(99.94), '99.9 ms');
    assert.equal(formatDuration(99.96), '100 ms');
    assert.equal(formatDuration(999.4), '999 ms');
    assert.equal(formatDuration(999.7), '1.00 s');
    assert.equal(formatDuration(9_994), '9.99 s');
    assert.equal(formatDuration(9_996), '10.0 s');
  });
});
