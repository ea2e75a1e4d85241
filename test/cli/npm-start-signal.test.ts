/**
 * `npm start` run the way a service manager runs it: in a session of its own with no
 * terminal (setsid), stopped by SIGTERM to the npm process. npm forwards the signal to its
 * child only; the start script execs node, so that child is the daemon, which must log
 * "vmsoak stopped" and leave no process behind. (With a shell in between, npm's SIGTERM
 * ended the shell and left node running as an orphan, still holding its port.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { isAlive, killIfAlive } from '../helpers/processes.ts';
import { cleanEnv, idleDaemonFiles, OutputLines, waitUntilGone } from './daemon-process.ts';
import { ROOT } from './run-cli.ts';

describe('npm start under a service manager', () => {
  const files = idleDaemonFiles();
  after(() => files.remove());

  it('stops on SIGTERM to npm, logs "vmsoak stopped" and leaves no process', async () => {
    // detached: the child calls setsid(), as `setsid npm start` does; stdio are pipes, not a terminal.
    const npm = spawn('npm', ['start', '--', ...files.args], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(),
    });
    const exited = once(npm, 'exit');
    const output = new OutputLines(npm);
    let daemonPid: number | undefined;
    try {
      const listening = await output.waitFor(/"msg":"vmsoak listening on /, 'listening line');
      const entry = JSON.parse(listening) as { pid: number };
      daemonPid = entry.pid;
      assert.notEqual(daemonPid, npm.pid, 'the daemon is npm\'s child, not npm');

      assert.ok(npm.pid !== undefined);
      process.kill(npm.pid, 'SIGTERM');
      await exited;
      await waitUntilGone(daemonPid, 'the daemon');

      const stopped = output.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; pid: number })
        .find((line) => line.msg === 'vmsoak stopped');
      assert.ok(stopped, `"vmsoak stopped" logged; output:\n${output.text}`);
      assert.equal(stopped.pid, daemonPid);
      assert.equal(isAlive(daemonPid), false);
    } finally {
      killIfAlive(daemonPid);
      killIfAlive(npm.pid);
    }
  });
});
