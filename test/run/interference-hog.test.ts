/**
 * A real CPU hog against a real suite: child processes spin on every CPU while the middle
 * runs of a suite execute. The hog is started and stopped from the suite's onResult hook,
 * which the next run waits for, so it covers exactly runs 3 and 4 whatever the timing.
 *
 * Runs 1-2 and 5-6 must be judged. The node is shared, though (other test files, other
 * users): a quiet run that comes out disturbed is accepted only when the node was measured
 * busy, without vmsoak and without the hog, in the gap right before or right after it, or
 * when its only reasons are steal or a slowed CPU: the hypervisor's bursts and a host that
 * slows the vCPU come and go within a run, and a gap cannot foresee them.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { interferenceBetween } from '../../src/measure/interference/interference.ts';
import { InterferenceProbe } from '../../src/measure/interference/probe.ts';
import type { RunResult } from '../../src/model/result.ts';
import { disturbances } from '../../src/run/judgement.ts';
import { runSuite } from '../../src/run/suite.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

const WORKLOADS = [
  'tier0.budget-consume', 'tier0.tier-check', 'tier0.hook-poll', 'tier1.counter-increment', 'tier1.state-transition', 'contention.padded-counter',
];
const HOG_FROM_RUN = 3;
const HOG_TO_RUN = 4;
/** A hog child spins at most this long, so none outlives a crashed test for long. */
const HOG_BOUND_MS = 60_000;
const GAP_MS = 300;

const HOG_SOURCE = `
  process.stdout.write('spinning\\n');
  const end = Date.now() + ${HOG_BOUND_MS};
  while (Date.now() < end) {}
`;

class Hog {
  readonly #children: ChildProcess[] = [];

  /** Resolves once every child has started spinning. */
  async start(count: number): Promise<void> {
    await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', HOG_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
      this.#children.push(child);
      child.once('error', reject);
      child.stdout!.once('data', () => resolve());
    })));
  }

  /** Resolves once every child has exited. */
  async stop(): Promise<void> {
    await Promise.all(this.#children.splice(0).map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    })));
  }
}

describe('a CPU hog during part of a suite', () => {
  const hog = new Hog();
  after(() => hog.stop());

  it('marks the runs it overlaps disturbed by other processes, and the runs before and after it judged', async () => {
    const config = testConfig();
    const probe = new InterferenceProbe();
    /** What the node did in a gap with no run and no hog: was it busy without us? */
    const busyGap = async (): Promise<string[]> => {
      const before = probe.read();
      await sleep(GAP_MS);
      return disturbances(interferenceBetween(before, probe.read(), []), config.judgement);
    };
    const gaps: string[][] = [await busyGap()];
    const results: RunResult[] = [];
    await runSuite(config, testSuite({ workloads: WORKLOADS, threads: [1], duration: 300, warmup: 50, seed: 11 }), await loadCatalog([]), {
      async onResult(result) {
        results.push(result);
        if (results.length === HOG_TO_RUN) await hog.stop();
        gaps.push(await busyGap());
        if (results.length === HOG_FROM_RUN - 1) await hog.start(os.availableParallelism());
      },
    });

    assert.equal(results.length, WORKLOADS.length);
    for (const [index, result] of results.entries()) {
      const runNumber = index + 1;
      const label = `run ${runNumber} (${result.workload}): ${JSON.stringify(result.judgement)} ${JSON.stringify(result.interference)}`;
      assert.equal(result.status, 'ok', label);
      assert.ok(result.interference && result.interference.otherCpus !== null, label);
      if (runNumber >= HOG_FROM_RUN && runNumber <= HOG_TO_RUN) {
        assert.equal(result.judgement?.state, 'disturbed', label);
        assert.match(result.judgement?.reason ?? '', /other processes used \d|for CPUs other processes used/, label);
        continue;
      }
      if (result.judgement?.state === 'judged') continue;
      const around = [...gaps[index], ...gaps[index + 1]];
      assert.equal(result.judgement?.state, 'disturbed', label);
      if ((result.judgement?.reason ?? '').split('; ').every((reason) => reason.startsWith('steal ') || reason.startsWith('the CPU ran slow '))) continue;
      assert.ok(around.length > 0, `${label}: disturbed although the node was quiet in the gaps before and after it`);
    }
  });
});
