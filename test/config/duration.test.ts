import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, parseDuration } from '../../src/config/duration.ts';
import { UsageError } from '../../src/errors.ts';

describe('parseDuration', () => {
  it('reads ms, s, m and h, and bare numbers as milliseconds', () => {
    const cases: [string | number, number][] = [
      ['250ms', 250], ['2s', 2_000], ['1.5m', 90_000], ['1h', 3_600_000], ['0', 0], ['750', 750], [1234, 1234], ['.5s', 500], [' 3 s ', 3_000],
    ];
    for (const [input, ms] of cases) assert.equal(parseDuration(input, 'x'), ms, `input ${JSON.stringify(input)}`);
  });

  it('rejects negative and unparsable values, naming the key', () => {
    for (const input of ['-1s', -1, '1d', 'abc', '', '1.2.3s', '1e3ms', Number.NaN]) {
      assert.throws(() => parseDuration(input, 'suites[0].warmup'), (error: unknown) =>
        error instanceof UsageError && error.message.startsWith('suites[0].warmup: '), `input ${JSON.stringify(input)}`);
    }
  });

  it('formats back into the largest unit that divides it, else seconds', () => {
    assert.deepEqual([90_000, 3_600_000, 1_250, 250, 120_000].map(formatDuration), ['90s', '1h', '1.25s', '250ms', '2m']);
  });
});
