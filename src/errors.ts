/**
 * A mistake of the user's (bad flag, config key, path): the CLI prints its one-line
 * message and exits 2, with no stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** How a user's value is quoted inside a one-line error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const json = JSON.stringify(value);
    return json.length <= 40 ? json : 'a list';
  }
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
