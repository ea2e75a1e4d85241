/** What sync-primitives.test.ts and its worker share: the job, the report, the word layout. */
export interface SyncJob {
  mode: 'mutex' | 'rwlock';
  shared: SharedArrayBuffer;
  threadIndex: number;
  threads: number;
  iterations: number;
}

export interface SyncReport {
  violations: number;
  reads: number;
  writes: number;
  maxReadersInside: number;
}

// Int32 word indices, each group on its own cache line.
export const LOCK = 0;
export const COUNTER = 16;
export const START = 32;
export const READERS_INSIDE = 48;
export const WRITERS_INSIDE = 64;
export const FIRST = 80;
export const SECOND = 81;
export const WORDS = 96;

