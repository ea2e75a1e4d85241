import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateRemainingMs, formatClock, PassProgress, type ProgressStream } from '../../src/cli/progress.ts';

/** A stream that keeps what was written, as a terminal (tty) or a log. */
function stream(tty: boolean): ProgressStream & { text: string } {
  return {
    text: '', isTTY: tty, columns: 200,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/** A clock the test moves. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let ms = 1_000_000;
  return { now: () => ms, advance: (by) => { ms += by; } };
}

describe('once progress', () => {
  it('formats elapsed and ETA as m:ss, or h:mm:ss past an hour', () => {
    assert.equal(formatClock(0), '0:00');
    assert.equal(formatClock(75_000), '1:15');
    assert.equal(formatClock(3_725_000), '1:02:05');
  });

  it('estimates from the plan first, then scales the rest of the plan by how the finished runs kept to it', () => {
    const plan = [2000, 2000, 4000];
    assert.equal(estimateRemainingMs(plan, 0, 0), 8000);
    // Two runs planned at 4 s took 6 s: the last, planned at 4 s, is expected to take 6 s.
    assert.equal(estimateRemainingMs(plan, 2, 6000), 6000);
    assert.equal(estimateRemainingMs(plan, 3, 9000), 0);
  });

  it('prints one plain line per run with elapsed and ETA when not on a terminal', () => {
    const out = stream(false);
    const time = clock();
    const progress = new PassProgress(out, { plannedMs: [10_000, 10_000, 10_000], tty: false, now: time.now, tickMs: 0 });
    progress.runStarted('[1/3]', 'gc.churn threads=1');
    time.advance(20_000);
    progress.runStarted('[2/3]', 'gc.churn threads=2');
    progress.note('[2/3] gc.churn threads=2 failed: timeout');
    time.advance(20_000);
    progress.runStarted('[3/3]', 'gc.churn threads=4');
    progress.finish();
    assert.deepEqual(out.text.split('\n'), [
      '[1/3] gc.churn threads=1  (elapsed 0:00, ETA 0:30)',
      '[2/3] gc.churn threads=2  (elapsed 0:20, ETA 0:40)',
      '[2/3] gc.churn threads=2 failed: timeout',
      '[3/3] gc.churn threads=4  (elapsed 0:40, ETA 0:20)',
      '3 of 3 runs in 0:40',
      '',
    ]);
    assert.doesNotMatch(out.text, /\r/, 'a log gets no carriage returns');
  });

  it('says the run of the whole pass when the [n/N] counts are per suite', () => {
    const out = stream(false);
    const time = clock();
    const progress = new PassProgress(out, { plannedMs: [1000, 1000], tty: false, now: time.now, tickMs: 0, perSuiteCounts: true });
    progress.runStarted('[first 1/1]', 'x threads=1');
    time.advance(1000);
    progress.runStarted('[second 1/1]', 'x threads=1');
    assert.match(out.text, /^\[second 1\/1\] x threads=1 {2}\(run 2 of 2, elapsed 0:01, ETA 0:01\)$/m);
  });

  it('redraws one bar in place on a terminal, keeps notes above it and clears it at the end', () => {
    const out = stream(true);
    const time = clock();
    const progress = new PassProgress(out, { plannedMs: [10_000, 10_000, 10_000, 10_000], tty: true, now: time.now, tickMs: 0 });
    progress.runStarted('[1/4]', 'jit.compile threads=1');
    time.advance(10_000);
    progress.runStarted('[2/4]', 'jit.compile threads=2');
    const bar = out.text.split('\r\x1b[2K').at(-1);
    assert.equal(bar, '[######------------------] 2/4  elapsed 0:10  ETA 0:30  jit.compile threads=2');
    progress.note('[2/4] jit.compile threads=2 failed: oom');
    assert.ok(out.text.endsWith('\r\x1b[2K[2/4] jit.compile threads=2 failed: oom\n\r\x1b[2K'
      + '[######------------------] 2/4  elapsed 0:10  ETA 0:30  jit.compile threads=2'), 'note on its own line, bar redrawn below');
    progress.finish();
    assert.ok(out.text.endsWith('\r\x1b[2K2 of 4 runs in 0:10\n'));
    assert.doesNotMatch(out.text, /\n\[1\/4\]/, 'no plain lines on a terminal');
  });
});
