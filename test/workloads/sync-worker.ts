/**
 * Worker body for sync-primitives.test.ts: hammers a lock from one of several threads and
 * checks, from inside the critical sections, that the lock's promise held.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mutexLock, mutexUnlock } from '../../src/workloads/lib/sync/futex-mutex.ts';
import { readLock, readUnlock, writeLock, writeUnlock } from '../../src/workloads/lib/sync/rwlock.ts';
import {
  COUNTER, FIRST, LOCK, READERS_INSIDE, SECOND, START, WORDS, WRITERS_INSIDE, type SyncJob, type SyncReport,
} from './sync-layout.ts';

const job = workerData as SyncJob;
const words = new Int32Array(job.shared);

/** A few hundred ns of work inside the critical section, so a broken lock really overlaps. */
function dawdle(seed: number): number {
  let x = seed;
  for (let i = 0; i < 50; i++) x = Math.imul(x ^ (x >>> 13), 0x5bd1e995);
  return x;
}

// Start together, so the threads really contend.
Atomics.add(words, START, 1);
while (Atomics.load(words, START) < job.threads) Atomics.wait(words, START, Atomics.load(words, START), 1);

const report: SyncReport = { violations: 0, reads: 0, writes: 0, maxReadersInside: 0 };
let sink = 0;
if (job.mode === 'mutex') {
  for (let i = 0; i < job.iterations; i++) {
    mutexLock(words, LOCK);
    const before = words[COUNTER];
    sink ^= dawdle(before);
    words[COUNTER] = before + 1;
    mutexUnlock(words, LOCK);
  }
} else {
  for (let i = 0; i < job.iterations; i++) {
    // Every 8th op of each thread writes; offset by thread so writes interleave with reads.
    if ((i + job.threadIndex) % 8 === 0) {
      writeLock(words, LOCK);
      if (Atomics.add(words, WRITERS_INSIDE, 1) !== 0) report.violations++;
      if (Atomics.load(words, READERS_INSIDE) !== 0) report.violations++;
      const value = words[FIRST] + 1;
      words[FIRST] = value;
      sink ^= dawdle(value);
      words[SECOND] = value;
      Atomics.sub(words, WRITERS_INSIDE, 1);
      writeUnlock(words, LOCK);
      report.writes++;
    } else {
      readLock(words, LOCK);
      const inside = Atomics.add(words, READERS_INSIDE, 1) + 1;
      if (inside > report.maxReadersInside) report.maxReadersInside = inside;
      if (Atomics.load(words, WRITERS_INSIDE) !== 0) report.violations++;
      const first = words[FIRST];
      sink ^= dawdle(first);
      if (words[SECOND] !== first) report.violations++;
      Atomics.sub(words, READERS_INSIDE, 1);
      readUnlock(words, LOCK);
      report.reads++;
    }
  }
}
words[WORDS - 1] = sink;
parentPort!.postMessage(report);
