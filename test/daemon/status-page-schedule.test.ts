/** The status page's first line: each suite's pass in flight or next pass, and the uptime. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scheduleSection, type ScheduleView } from '../../src/daemon/status-page-schedule.ts';
import type { SuiteStatus } from '../../src/daemon/suite-scheduler.ts';

const NOW = new Date('2025-06-02T09:02:00Z');

function suite(overrides: Partial<SuiteStatus>): SuiteStatus {
  return { name: 'default', schedule: '*/15 * * * *', state: 'idle', nextRunAt: null, passes: 1, lastFinishedAt: null, lastDurationMs: null, ...overrides };
}

function view(overrides: Partial<ScheduleView>): ScheduleView {
  return { now: NOW, startedAt: new Date('2025-06-02T08:00:00Z'), shuttingDown: false, suites: [], running: null, ...overrides };
}

function items(html: string): string[] {
  return [...html.matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((match) => match[1].replace(/<[^>]+>/g, ''));
}

describe('status page schedule', () => {
  it('gives each idle suite its next pass in UTC with a countdown, and the uptime', () => {
    const html = scheduleSection(view({
      suites: [suite({ nextRunAt: new Date('2025-06-02T09:15:00Z') }), suite({ name: 'nightly', nextRunAt: new Date('2025-06-03T02:00:00Z') })],
    }));
    assert.deepEqual(items(html), [
      'Suite default: next pass 09:15:00 UTC (in 13m 0s)',
      'Suite nightly: next pass 2025-06-03 02:00 UTC (in 16h 58m 0s)',
      'up 1h 2m 0s (since 08:00:00 UTC), as of 09:02:00 UTC',
    ]);
  });

  it('shows the pass in flight as run n of N, with the pass after it', () => {
    const html = scheduleSection(view({
      suites: [suite({ state: 'running', nextRunAt: new Date('2025-06-02T09:15:00Z') }), suite({ name: 'nightly', state: 'queued' })],
      running: { suite: 'default', index: 23, total: 80, workload: 'contention.atomic-add', threads: 4 },
    }));
    assert.deepEqual(items(html).slice(0, 2), [
      'Running: suite default, run 24 of 80 (contention.atomic-add at 4 threads); then next pass 09:15:00 UTC (in 13m 0s)',
      'Suite nightly: queued behind the pass in flight',
    ]);
  });

  it('says when no pass is scheduled or one is due, and when the daemon is shutting down', () => {
    assert.deepEqual(items(scheduleSection(view({ suites: [suite({ nextRunAt: null }), suite({ name: 'late', nextRunAt: NOW })] }))).slice(0, 2), [
      'Suite default: no pass scheduled',
      'Suite late: next pass 09:02:00 UTC (due now)',
    ]);
    assert.equal(items(scheduleSection(view({ shuttingDown: true, suites: [suite({})] })))[0], 'Shutting down.');
  });
});
