/**
 * A mistake of the user's (bad flag, config key, path): the CLI prints its one-line
 * message and exits 2, with no stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
