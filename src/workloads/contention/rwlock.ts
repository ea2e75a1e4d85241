/**
 * A reader-writer lock (sync/rwlock.ts) under a read-mostly mix: each op read-locks and
 * reads two shared words, or, for a `writeRatio` share of ops, write-locks and writes
 * them. The writer stores the two words one after the other, so a reader that ever sees
 * them differ has overlapped a writer: those torn reads are counted as
 * `exclusion_violations` (0 expected), a correctness check that runs with every
 * measurement.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { readLock, readUnlock, writeLock, writeUnlock } from '../lib/sync/rwlock.ts';
import { numberParam } from '../params.ts';
import { CONTENTION_KPIS, contentionParams } from './kpis.ts';
import { PATTERN_LENGTH, shuffledPattern } from './op-pattern.ts';

// Line 0: the lock word. Line 1: the data it protects.
const LOCK = 0;
const FIRST = INT32_PER_LINE;
const SECOND = INT32_PER_LINE + 1;

export default defineWorkload({
  name: 'contention.rwlock',
  category: 'contention',
  tier: 2,
  description: 'Read-mostly mix on a reader-writer lock built on Atomics (writeRatio of ops write); counts torn reads.',
  params: contentionParams({
    /** Share of ops that take the write lock. */
    writeRatio: numberParam({ min: 0, max: 1, default: 0.1 }),
  }),
  sharedBytes: () => linesToBytes(2),
  kpis: CONTENTION_KPIS,
  run(ctx) {
    const { writeRatio } = ctx.params;
    const words = new Int32Array(ctx.shared);
    const isWrite = shuffledPattern(writeRatio, ctx.threadIndex + 1);
    const mask = PATTERN_LENGTH - 1;
    let tornReads = 0;
    // Our own op counter rather than measureBatched's index, which may restart every batch
    // and would then replay only the head of the pattern.
    let next = 0;
    const outcome = measureBatched(ctx, () => {
      if (isWrite[next++ & mask] === 1) {
        writeLock(words, LOCK);
        const value = (words[FIRST] + 1) | 0;
        words[FIRST] = value;
        words[SECOND] = value;
        writeUnlock(words, LOCK);
        return value;
      }
      readLock(words, LOCK);
      const first = words[FIRST];
      const second = words[SECOND];
      readUnlock(words, LOCK);
      if (first !== second) tornReads++;
      return first + second;
    });
    return {
      ...outcome,
      metrics: { exclusion_violations: tornReads },
    };
  },
  aggregate(outputs) {
    let violations = 0;
    for (const output of outputs) violations += output.metrics?.exclusion_violations ?? 0;
    return { exclusion_violations: violations };
  },
});
