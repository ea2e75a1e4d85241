import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { mutexLock, mutexTryLock, mutexUnlock } from '../../src/workloads/lib/sync/futex-mutex.ts';
import { readLock, readUnlock, rwlockState, RWLOCK_WORDS, writeLock, writeUnlock } from '../../src/workloads/lib/sync/rwlock.ts';
import { COUNTER, FIRST, SECOND, WORDS, type SyncJob, type SyncReport } from './sync-layout.ts';

const THREADS = 4;
const ITERATIONS = 20_000;
/** A lock that deadlocks must fail the test, not hang the suite. */
const HANG_MS = 30_000;

async function hammer(mode: SyncJob['mode']): Promise<{ words: Int32Array; reports: SyncReport[] }> {
  const shared = new SharedArrayBuffer(WORDS * Int32Array.BYTES_PER_ELEMENT);
  const workers: Worker[] = [];
  const hang = setTimeout(() => {
    for (const worker of workers) void worker.terminate();
  }, HANG_MS);
  try {
    const reports = await Promise.all(
      Array.from({ length: THREADS }, (_, threadIndex) => {
        const job: SyncJob = { mode, shared, threadIndex, threads: THREADS, iterations: ITERATIONS };
        const worker = new Worker(new URL('./sync-worker.ts', import.meta.url), { workerData: job });
        workers.push(worker);
        return new Promise<SyncReport>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`${mode} worker ${threadIndex} exited (${code}) without a report: deadlock?`)));
        });
      }),
    );
    return { words: new Int32Array(shared), reports };
  } finally {
    clearTimeout(hang);
  }
}

describe('futex mutex', () => {
  it('keeps a non-atomic counter exact under 4 threads x 20k increments', async () => {
    const { words } = await hammer('mutex');
    assert.equal(words[COUNTER], THREADS * ITERATIONS);
    assert.equal(words[0], 0, 'unlocked at the end');
  });

  it('goes through its three states in one thread', () => {
    const words = new Int32Array(new SharedArrayBuffer(4));
    mutexLock(words, 0);
    assert.equal(words[0], 1, 'locked, no waiters');
    assert.equal(mutexTryLock(words, 0), false, 'a locked mutex cannot be taken again');
    mutexUnlock(words, 0);
    assert.equal(words[0], 0);
    assert.equal(mutexTryLock(words, 0), true);
    mutexUnlock(words, 0);
    assert.equal(words[0], 0);
  });
});

describe('reader-writer lock', () => {
  it('never lets a writer overlap a reader or another writer (4 threads x 20k ops)', async () => {
    const { words, reports } = await hammer('rwlock');
    const total = reports.reduce((sum, report) => sum + report.violations, 0);
    assert.equal(total, 0);
    const writes = reports.reduce((sum, report) => sum + report.writes, 0);
    assert.equal(words[FIRST], writes, 'every write landed');
    assert.equal(words[SECOND], writes);
    assert.equal(reports.reduce((sum, report) => sum + report.reads + report.writes, 0), THREADS * ITERATIONS);
    assert.equal(words[0], 0, 'free at the end');
  });

  it('admits several readers, and a writer only when it is free, in one thread', () => {
    const words = new Int32Array(new SharedArrayBuffer(RWLOCK_WORDS * 4));
    readLock(words, 0);
    readLock(words, 0);
    assert.deepEqual(rwlockState(words, 0), { readers: 2, writer: false, waiting: false });
    readUnlock(words, 0);
    readUnlock(words, 0);
    writeLock(words, 0);
    assert.deepEqual(rwlockState(words, 0), { readers: 0, writer: true, waiting: false });
    writeUnlock(words, 0);
    assert.equal(words[0], 0);
  });
});
