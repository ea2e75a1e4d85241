import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isUsageFailure, ROOT, runCli } from './run-cli.ts';

async function assertUsageError(args: string[], mentions: RegExp): Promise<void> {
  const result = await runCli(args);
  assert.equal(isUsageFailure(result), null);
  assert.match(result.stderr, mentions);
  assert.equal(result.stdout, '');
}

describe('vmsoak usage errors exit 2 with one line and no stack trace', () => {
  it('--threads 0', () => assertUsageError(['once', '--threads', '0'], /--threads/));
  it('--threads 257', () => assertUsageError(['once', '--threads', '1,257'], /--threads.*between 1 and 256/));
  it('--format xml', () => assertUsageError(['once', '--format', 'xml'], /--format.*xml.*table, json, csv, markdown/));
  it('--duration that is not a duration', () => assertUsageError(['once', '--duration', 'fast'], /--duration.*fast/));
  it('--duration 0', () => assertUsageError(['once', '--duration', '0'], /--duration.*longer than zero/));
  it('--iterations 0', () => assertUsageError(['once', '--iterations', '0'], /--iterations/));
  it('an unknown option, with a suggestion', () => assertUsageError(['once', '--thread', '2'], /unknown option '--thread'.*--threads/));
  it('an unknown command', () => assertUsageError(['bench-everything'], /unknown command 'bench-everything'/));
  it('a glob matching no workload', () => assertUsageError(['once', '--workload', 'nosuch.*'], /--workload: .*"nosuch\.\*"/));
  it('a missing workload module', () => assertUsageError(['once', '--workload-module', 'no/such/module.ts'], /no\/such\/module\.ts/));
  it('a --duration beyond the run timeout', () =>
    assertUsageError(['once', '--workload', '*', '--duration', '2m'], /--duration: .*runTimeout/));
  it('--threads that no selected workload accepts', () =>
    assertUsageError(['once', '--workload', 'scheduler.wakeup-latency', '--threads', '1'], /--threads: no workload .* runs at threads 1/));
  it('a bad VMSOAK_* value in the environment', async () => {
    const result = await runCli(['list'], { VMSOAK_LOG_LEVEL: 'chatty' });
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /logLevel \(from VMSOAK_LOG_LEVEL\)/);
  });
  it('run with a bad --listen', () => assertUsageError(['run', '--listen', 'everywhere'], /listen \(from --listen\)/));
});

describe('vmsoak help and version', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('--help lists every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    assert.equal(result.code, 0);
    for (const command of ['once', 'list', 'run', 'config']) assert.match(result.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    assert.match(result.stdout, /Exit codes:/);
  });

  it('every command has help that describes its options', async () => {
    for (const [args, option] of [[['once', '--help'], '--threads'], [['list', '--help'], '--format'], [['run', '--help'], '--listen'],
      [['config', 'check', '--help'], '<file>']] as const) {
      const result = await runCli(args);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.includes(option), `${args.join(' ')}: ${result.stdout}`);
    }
  });

  it('no command prints the help on stderr and exits 2', async () => {
    const result = await runCli([]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Usage: vmsoak/);
  });
});
