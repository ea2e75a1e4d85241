/**
 * The status page's first line: for each suite, the pass in flight ("run 24 of 80") or when
 * the next one starts, then the uptime. It sits at the top because "when will I see new
 * numbers?" is the question after "is this node healthy?".
 */
import type { SuiteStatus } from './suite-scheduler.ts';
import { escapeHtml, formatClock, formatUptime, plural } from './status-page-html.ts';

export interface RunningPass {
  suite: string;
  /** 0-based position of the run in flight within its pass. */
  index: number;
  total: number;
  workload: string;
  threads: number;
}

export interface ScheduleView {
  now: Date;
  startedAt: Date;
  shuttingDown: boolean;
  suites: readonly SuiteStatus[];
  running: RunningPass | null;
}

function nextText(suite: SuiteStatus, now: Date): string {
  if (suite.nextRunAt === null) return 'no pass scheduled';
  const inMs = suite.nextRunAt.getTime() - now.getTime();
  return `next pass ${formatClock(suite.nextRunAt, now)} (${inMs > 0 ? `in ${formatUptime(inMs)}` : 'due now'})`;
}

function suiteItem(suite: SuiteStatus, view: ScheduleView): string {
  const { running, now } = view;
  const name = escapeHtml(suite.name);
  if (running !== null && running.suite === suite.name) {
    // "Running: suite <name>" is what scripts and the integration test look for.
    return `<li data-suite="${name}" data-state="running">Running: suite ${name}, run ${running.index + 1} of ${running.total} `
      + `(${escapeHtml(running.workload)} at ${plural(running.threads, 'thread')}); then ${escapeHtml(nextText(suite, now))}</li>`;
  }
  const state = suite.state === 'queued' ? 'queued behind the pass in flight' : nextText(suite, now);
  return `<li data-suite="${name}" data-state="${suite.state}">Suite <strong>${name}</strong>: ${escapeHtml(state)}</li>`;
}

export function scheduleSection(view: ScheduleView): string {
  const uptime = `<li class="muted">up ${escapeHtml(formatUptime(view.now.getTime() - view.startedAt.getTime()))} (since ${escapeHtml(formatClock(view.startedAt, view.now))}), as of ${escapeHtml(formatClock(view.now, view.now))}</li>`;
  if (view.shuttingDown) return `<ul id="next-pass"><li><strong class="fail">Shutting down.</strong></li>${uptime}</ul>`;
  const suites = view.suites.length === 0 ? ['<li>No suite is configured.</li>'] : view.suites.map((suite) => suiteItem(suite, view));
  return `<ul id="next-pass">${suites.join('')}${uptime}</ul>`;
}
