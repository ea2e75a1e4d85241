/**
 * Validates suite schedules with node-cron's own parser, so what passes here is exactly
 * what the daemon can schedule. node-cron accepts a step larger than its field (it reads
 * "*\/61" in the minute field as "minute 0"); that is almost certainly a typo, so it is
 * rejected here too.
 */
import { validateDetailed } from 'node-cron';

/** The value of `schedule` that means "run back to back", instead of a cron expression. */
export const CONTINUOUS = 'continuous';

const FIVE_FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const SIX_FIELDS = ['second', ...FIVE_FIELDS] as const;
const LARGEST_STEP: Readonly<Record<string, number>> = {
  second: 59, minute: 59, hour: 23, 'day of month': 30, month: 11, 'day of week': 6,
};

function stepProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  const names = fields.length === 6 ? SIX_FIELDS : FIVE_FIELDS;
  for (const [index, field] of fields.entries()) {
    const name = names[index];
    for (const part of field.split(',')) {
      const step = part.split('/')[1];
      if (step === undefined) continue;
      const value = Number(step);
      if (!Number.isInteger(value) || value < 1 || value > LARGEST_STEP[name]) {
        return `step /${step} is out of range for ${name} (1-${LARGEST_STEP[name]})`;
      }
    }
  }
  return null;
}

/** Returns why `schedule` is invalid, or null when it is "continuous" or a valid cron expression. */
export function scheduleProblem(schedule: string): string | null {
  if (schedule === CONTINUOUS) return null;
  const detailed = validateDetailed(schedule);
  const reason = detailed.valid ? stepProblem(schedule) : (detailed.errors[0]?.message ?? 'not a cron expression');
  if (reason === null) return null;
  return `invalid cron expression "${schedule}": ${reason} (use 5 or 6 cron fields, or "${CONTINUOUS}")`;
}
