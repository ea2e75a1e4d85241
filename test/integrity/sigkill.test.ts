/**
 * SIGKILL at random points, 20 times, while the daemon appends results and while
 * `vmsoak baseline save` writes a baseline. After every kill the results log must read
 * back with at most a torn last line, no baseline may be corrupt, and at most the run in
 * flight may be missing. No runner process may outlive its killed daemon. A last restart
 * must recover and stop cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { listBaselines, loadBaseline } from '../../src/store/baselines.ts';
import { readResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { childPids, isAlive } from '../helpers/processes.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const CLI = path.join(ROOT, 'src/cli.ts');
const KILLS = 20;
const BASELINE_NAMES = ['kill-0', 'kill-1', 'kill-2'];

interface Kill {
  /** Runs the daemon announced as finished before it was killed. */
  announced: number;
  /** Results in the log after the kill, and before this life of the daemon. */
  logged: number;
  loggedBefore: number;
  tornLastLine: boolean;
}

function waitForLine(child: ChildProcess, pattern: RegExp, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let matched = false;
    lines.on('line', (line) => {
      onLine(line);
      if (!matched && pattern.test(line)) {
        matched = true;
        resolve();
      }
    });
    child.once('exit', (code) => {
      if (!matched) reject(new Error(`daemon exited with ${code} before ${pattern}`));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.once('exit', (code) => resolve(code));
});

describe('SIGKILL at random points', () => {
  let dir: string;
  let dataDir: string;
  let configFile: string;
  let resultsJson: string;
  const kills: Kill[] = [];
  const corruptBaselines: string[] = [];
  /** Runner processes seen under a daemon just before it was killed. */
  const runners: number[] = [];
  const children: ChildProcess[] = [];
  const env = () => ({ ...process.env, VMSOAK_DATA_DIR: dataDir });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-sigkill-'));
    dataDir = path.join(dir, 'data');
    configFile = path.join(dir, 'vmsoak.yaml');
    await writeFile(configFile, stringify({
      listen: '127.0.0.1:0', logLevel: 'info', shutdownTimeout: '5s',
      suites: [{ name: 'kill', schedule: 'continuous', runOnStart: true, workloads: ['contention.padded-counter'], threads: [1], duration: '30ms', warmup: '5ms' }],
    }));
    // A results.json for `baseline save --from`, made by the real `once`.
    const out = path.join(dir, 'once');
    const once = spawnSync(NODE, [CLI, 'once', '-w', 'contention.padded-counter', '-t', '1', '-d', '30ms', '--warmup', '5ms', '--out', out, '-f', 'json'],
      { encoding: 'utf8', env: env(), timeout: 60_000 });
    assert.ok(once.status === 0 || once.status === 1, once.stderr);
    resultsJson = path.join(out, 'results.json');
    // Complete baselines first, so that later kills land on overwrites of existing files.
    for (const name of BASELINE_NAMES) {
      const save = spawnSync(NODE, [CLI, 'baseline', 'save', '--name', name, '--from', resultsJson], { encoding: 'utf8', env: env(), timeout: 30_000 });
      assert.equal(save.status, 0, save.stderr);
    }

    const random = seededRandom(20261123);
    let loggedBefore = 0;
    for (let i = 0; i < KILLS; i++) {
      const daemon = spawn(NODE, [CLI, 'run', '--config', configFile], { env: env(), stdio: ['ignore', 'pipe', 'ignore'] });
      children.push(daemon);
      let announced = 0;
      // Every life records at least one run; the kill then lands anywhere in the next ones.
      await waitForLine(daemon, /"event":"run finished"/, (line) => {
        if (line.includes('"event":"run finished"')) announced++;
      });
      // A baseline overwritten concurrently; `baseline save` takes ~0.3 s, so a kill within
      // 100-400 ms lands before, during or after its write.
      const saver = spawn(NODE, [CLI, 'baseline', 'save', '--name', BASELINE_NAMES[i % 3], '--from', resultsJson], { env: env(), stdio: 'ignore' });
      children.push(saver);
      const saverKilled = new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(random.uniform() * 300))).then(() => saver.kill('SIGKILL'));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random.uniform() * 700)));
      runners.push(...childPids(daemon.pid!));
      daemon.kill('SIGKILL');
      await Promise.all([exited(daemon), saverKilled, exited(saver)]);
      const { results, tornLastLine } = await readResultsLog(resultsLogPath(dataDir));
      for (const name of BASELINE_NAMES) {
        try {
          await loadBaseline(dataDir, name);
        } catch (error) {
          corruptBaselines.push(`${name} after kill ${i}: ${(error as Error).message}`);
        }
      }
      kills.push({ announced, logged: results.length, loggedBefore, tornLastLine });
      loggedBefore = results.length;
    }
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('killed the daemon 20 times while it was recording runs', (t) => {
    const announced = kills.reduce((total, kill) => total + kill.announced, 0);
    const lost = kills.map((kill) => Math.max(0, kill.announced - (kill.logged - kill.loggedBefore)));
    t.diagnostic(`${announced} runs announced, ${kills.at(-1)?.logged} logged; lost per kill: max ${Math.max(...lost)}, total ${lost.reduce((a, b) => a + b, 0)}; torn last lines: ${kills.filter((kill) => kill.tornLastLine).length}`);
    assert.equal(kills.length, KILLS);
    assert.ok(kills.every((kill) => kill.announced >= 1), 'every life recorded a run before its kill');
  });

  it('lost at most the one run in flight per kill, and never a run from an earlier life', () => {
    for (const [i, kill] of kills.entries()) {
      const gained = kill.logged - kill.loggedBefore;
      assert.ok(gained >= kill.announced - 1, `life ${i}: announced ${kill.announced}, logged ${gained}`);
      assert.ok(kill.logged >= kill.loggedBefore, `life ${i}: the log shrank`);
    }
  });

  it('left no runner process behind a killed daemon', async () => {
    assert.ok(runners.length >= KILLS / 2, `runners seen under the daemons: ${runners.length}`);
    // A runner exits when its IPC channel closes; give a loaded machine time to schedule it.
    for (let i = 0; i < 300 && runners.some(isAlive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(runners.filter(isAlive), []);
  });

  it('never left a corrupt baseline after any kill', async () => {
    assert.deepEqual(corruptBaselines, []);
    assert.deepEqual((await listBaselines(dataDir)).map((info) => info.name).sort(), BASELINE_NAMES);
  });

  it('recovers on restart: the log is repaired, runs go on, SIGTERM exits 0', async () => {
    const before = (await readResultsLog(resultsLogPath(dataDir))).results.length;
    const daemon = spawn(NODE, [CLI, 'run', '--config', configFile], { env: env(), stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(daemon);
    let announced = 0;
    await waitForLine(daemon, /"event":"run finished"/, (line) => {
      if (line.includes('"event":"run finished"')) announced++;
    });
    daemon.kill('SIGTERM');
    assert.equal(await exited(daemon), 0);
    const after = await readResultsLog(resultsLogPath(dataDir));
    assert.equal(after.tornLastLine, false, 'a clean stop leaves no torn line');
    assert.ok(after.results.length >= before + announced, `${after.results.length} < ${before} + ${announced}`);
  });
});
