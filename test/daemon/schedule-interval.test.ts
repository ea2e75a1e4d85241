/** vmsoak_suite_schedule_interval_seconds: what VmsoakDaemonStalled multiplies by 3. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cronIntervalSeconds, suiteIntervalSeconds } from '../../src/daemon/schedule-interval.ts';
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { TEST_ENVIRONMENT } from '../export/run-fixture.ts';
import { testSuite } from '../helpers/test-config.ts';

describe('suite schedule interval', () => {
  it('is the period of a regular cron schedule', () => {
    assert.equal(cronIntervalSeconds('*/15 * * * *'), 15 * 60);
    assert.equal(cronIntervalSeconds('*/10 * * * * *'), 10);
    assert.equal(cronIntervalSeconds('0 3 * * *'), 24 * 3600);
  });

  it('is the longest gap of an irregular one: weekdays 9 to 17 pause from Friday 17:00 to Monday 9:00', () => {
    // 100 hourly fires span more than a week from any start, so the weekend is always among them.
    assert.equal(cronIntervalSeconds('0 9-17 * * 1-5'), (2 * 24 + 16) * 3600);
  });

  it('is pass length plus pause for a continuous suite, the planned length until a pass was longer', () => {
    const suite = testSuite({ schedule: 'continuous', duration: 1000, warmup: 250 });
    assert.equal(suiteIntervalSeconds(suite, { runs: 8, pauseMs: 1000 }), (8 * 1250 + 1000) / 1000);
    assert.equal(suiteIntervalSeconds(suite, { runs: 8, pauseMs: 1000, lastPassMs: 30_000 }), 31);
    assert.equal(suiteIntervalSeconds(suite, { runs: 8, pauseMs: 1000, lastPassMs: 2_000 }), 11);
  });

  it('is exported per suite', async () => {
    const metrics = new VmsoakMetrics({ series: [], environment: TEST_ENVIRONMENT, defaultMetrics: false });
    metrics.setSuiteScheduleInterval('nightly', 86_400);
    assert.match(await metrics.metrics(), /^vmsoak_suite_schedule_interval_seconds\{suite="nightly"\} 86400$/m);
  });
});
