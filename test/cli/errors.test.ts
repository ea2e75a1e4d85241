import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { CommanderError } from 'commander';
import { handleCliError } from '../../src/cli/errors.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.ts';
import { UsageError } from '../../src/errors.ts';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

describe('handleCliError', () => {
  it('prints a UsageError as one line and exits 2', () => {
    const err = capture();
    assert.equal(handleCliError(new UsageError('config: suites[0].threads: bad\nsecond line'), err.stream, {}), EXIT_USAGE);
    assert.equal(err.text(), 'vmsoak: config: suites[0].threads: bad second line\n');
  });

  it('prints an unexpected error as one "internal error" line, exit 70, no stack trace', () => {
    const err = capture();
    assert.equal(handleCliError(new TypeError('x is not a function'), err.stream, {}), EXIT_INTERNAL);
    assert.match(err.text(), /^vmsoak: internal error: x is not a function \(set VMSOAK_DEBUG=1 for a stack trace\)\n$/);
  });

  it('adds the stack trace of an unexpected error when VMSOAK_DEBUG is set', () => {
    const err = capture();
    handleCliError(new Error('boom'), err.stream, { VMSOAK_DEBUG: '1' });
    assert.match(err.text(), /\n\s+at /);
  });

  it('maps commander errors by their exit code: help and version 0, everything else 2', () => {
    const err = capture();
    assert.equal(handleCliError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), err.stream, {}), EXIT_OK);
    assert.equal(handleCliError(new CommanderError(1, 'commander.unknownOption', 'error: unknown option'), err.stream, {}), EXIT_USAGE);
    assert.equal(err.text(), '', 'commander has printed its own message already');
  });
});
