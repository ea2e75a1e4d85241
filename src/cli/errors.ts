/**
 * Maps anything thrown out of a command to one line on stderr and an exit code. Stack
 * traces are for vmsoak's own bugs only, and only when VMSOAK_DEBUG is set.
 */
import { CommanderError } from 'commander';
import { UsageError } from '../errors.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function handleCliError(error: unknown, stderr: NodeJS.WritableStream = process.stderr, env: NodeJS.ProcessEnv = process.env): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (see configureOutput in cli.ts).
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    stderr.write(`vmsoak: ${oneLine(error.message)}\n`);
    return EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = env.VMSOAK_DEBUG ? '' : ' (set VMSOAK_DEBUG=1 for a stack trace)';
  stderr.write(`vmsoak: internal error: ${oneLine(message)}${hint}\n`);
  if (env.VMSOAK_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}
