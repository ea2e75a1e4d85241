/**
 * The guest programs' expected results, computed independently in plain JavaScript, so the
 * tests check each engine against the algorithm rather than against another engine.
 */
import { kernelsOf, LAYOUT, RESULT_SLOT, SEEDS, SIZES, type KernelName, type ProgramName } from './guest-programs.ts';
import type { GuestMachine } from './machine.ts';

function fib(n: number): number {
  let a = 0;
  let b = 1;
  for (let i = 0; i < n; i++) [a, b] = [b, (a + b) | 0];
  return a;
}

/** The guest's LCG fill: x = x * 1103515245 + 12345 (mod 2^32), one word per step. */
function lcgWords(count: number, seed: number): Int32Array {
  const words = new Int32Array(count);
  let x = seed | 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    words[i] = x;
  }
  return words;
}

function fnv1a(bytes: Uint8Array): number {
  let hash = 0x811c9dc5 | 0;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 16777619);
  return hash;
}

function bytesOf(words: Int32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

function matmul(n: number): Int32Array {
  const a = lcgWords(n * n, SEEDS.matrixA);
  const b = lcgWords(n * n, SEEDS.matrixB);
  const c = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum = (sum + Math.imul(a[i * n + k], b[k * n + j])) | 0;
      c[i * n + j] = sum;
    }
  }
  return c;
}

function collatzSteps(limit: number): number {
  let total = 0;
  for (let start = 1; start <= limit; start++) {
    for (let x = start; x !== 1; total++) x = x % 2 === 0 ? x / 2 : 3 * x + 1;
  }
  return total;
}

const EXPECTED: Readonly<Record<KernelName, () => number>> = {
  fib: () => fib(SIZES.fibN),
  checksum: () => fnv1a(bytesOf(lcgWords(SIZES.checksumBytes / 4, SEEDS.checksum))),
  sort: () => fnv1a(bytesOf(lcgWords(SIZES.sortWords, SEEDS.sort).sort())),
  matmul: () => fnv1a(bytesOf(matmul(SIZES.matrixN))),
  collatz: () => collatzSteps(SIZES.collatzN) | 0,
};

const cache = new Map<ProgramName, Map<number, number>>();

/** The RESULTS words a program leaves behind: slot -> value, for the kernels it runs. */
export function expectedResults(program: ProgramName): Map<number, number> {
  let results = cache.get(program);
  if (results === undefined) {
    results = new Map<number, number>();
    for (const kernel of kernelsOf(program)) results.set(RESULT_SLOT[kernel], EXPECTED[kernel]());
    cache.set(program, results);
  }
  return results;
}

/** Does `machine` hold the results `program` should leave in guest memory? */
export function resultsMatch(machine: GuestMachine, program: ProgramName): boolean {
  for (const [slot, value] of expectedResults(program)) {
    if (machine.memory.ld32(LAYOUT.results + slot * 4) !== value) return false;
  }
  return true;
}
