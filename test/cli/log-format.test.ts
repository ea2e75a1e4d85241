/**
 * The daemon's console: readable lines on a terminal, JSON lines anywhere else, and
 * --log-format to say which either way. The terminal case is decided by chooseLogFormat
 * (tested directly: a child process here has pipes, not a terminal).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { chooseLogFormat } from '../../src/cli/logger.ts';
import { killIfAlive } from '../helpers/processes.ts';
import { cleanEnv, idleDaemonFiles, OutputLines } from './daemon-process.ts';
import { isUsageFailure, ROOT, runCli } from './run-cli.ts';

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise, unless --log-format says', () => {
    assert.equal(chooseLogFormat(undefined, { isTTY: true }), 'pretty');
    assert.equal(chooseLogFormat(undefined, { isTTY: false }), 'json');
    assert.equal(chooseLogFormat(undefined, {}), 'json');
    assert.equal(chooseLogFormat('json', { isTTY: true }), 'json');
    assert.equal(chooseLogFormat('pretty', { isTTY: false }), 'pretty');
  });

  it('refuses a format it does not know, naming the flag and the choices', async () => {
    const result = await runCli(['run', '--log-format', 'xml']);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /--log-format.*xml.*pretty, json/);
  });

  describe('a daemon started with --log-format pretty and no terminal', () => {
    const files = idleDaemonFiles();
    after(() => files.remove());

    it('logs one readable line per event, from the listen line to "vmsoak stopped"', async () => {
      const daemon = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['src/cli.ts', 'run', ...files.args, '--log-format', 'pretty'], {
        cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv({ NO_COLOR: '1' }),
      });
      const exited = once(daemon, 'exit');
      const output = new OutputLines(daemon);
      try {
        const listening = await output.waitFor(/vmsoak listening on /, 'listening line');
        assert.match(listening, /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: vmsoak listening on http:\/\/127\.0\.0\.1:\d+\//);
        daemon.kill('SIGTERM');
        const [code] = await exited;
        assert.equal(code, 0);
        assert.match(output.text, /\] INFO: vmsoak stopped$/m);
        for (const line of output.lines) {
          assert.doesNotMatch(line, /^\{/, 'no JSON line');
          assert.doesNotMatch(line, /\x1b\[/, 'no colour without a terminal'); // eslint-disable-line no-control-regex
        }
      } finally {
        killIfAlive(daemon.pid);
      }
    });
  });
});
