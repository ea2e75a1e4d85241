/**
 * The guest programs every VM workload runs: a recursive function (fib), loops (collatz),
 * and memory-heavy kernels over guest memory (an LCG fill, an FNV-1a checksum, an insertion
 * sort, an integer matrix multiply). Each program stores its results in the RESULTS words at
 * the start of the data region; `mix` runs them all, as a guest workload with a realistic
 * blend of calls, branches, ALU work and loads/stores.
 *
 * Sources are canonical assembler text (three-operand, any immediate; both flag-based and
 * fused branches), lowered per encoding by legalize.ts. reference.ts computes the expected
 * results independently, in plain JavaScript.
 */
import { DATA_BASE } from './machine.ts';

/** Kernel sizes; reference.ts reads the same constants. */
export const SIZES = {
  fibN: 18,
  checksumBytes: 16 * 1024,
  sortWords: 160,
  matrixN: 16,
  collatzN: 250,
} as const;

export const LAYOUT = {
  results: DATA_BASE,
  bytes: DATA_BASE + 0x1000,
  sort: DATA_BASE + 0x6000,
  matrixA: DATA_BASE + 0x8000,
  matrixB: DATA_BASE + 0x9000,
  matrixC: DATA_BASE + 0xa000,
} as const;

/** Result slots (word index into RESULTS) of each kernel. */
export const RESULT_SLOT = { fib: 0, checksum: 1, sort: 2, matmul: 3, collatz: 4 } as const;
export type KernelName = keyof typeof RESULT_SLOT;
export const KERNELS: readonly KernelName[] = ['fib', 'checksum', 'sort', 'matmul', 'collatz'];

export const SEEDS = { checksum: 12345, sort: 777, matrixA: 1, matrixB: 2 } as const;

const CONSTANTS: Readonly<Record<string, number>> = {
  RESULTS: LAYOUT.results,
  BYTES: LAYOUT.bytes,
  SORT: LAYOUT.sort,
  MAT_A: LAYOUT.matrixA,
  MAT_B: LAYOUT.matrixB,
  MAT_C: LAYOUT.matrixC,
  FIB_N: SIZES.fibN,
  CHECKSUM_BYTES: SIZES.checksumBytes,
  CHECKSUM_WORDS: SIZES.checksumBytes / 4,
  SORT_N: SIZES.sortWords,
  SORT_BYTES: SIZES.sortWords * 4,
  MAT_N: SIZES.matrixN,
  MAT_WORDS: SIZES.matrixN * SIZES.matrixN,
  MAT_BYTES: SIZES.matrixN * SIZES.matrixN * 4,
  COLLATZ_N: SIZES.collatzN,
  SEED_CHECKSUM: SEEDS.checksum,
  SEED_SORT: SEEDS.sort,
  SEED_A: SEEDS.matrixA,
  SEED_B: SEEDS.matrixB,
};

/** The main-program part of each kernel: set up its data, call it, store its result. */
const MAIN_PART: Readonly<Record<KernelName, string>> = {
  fib: `
  movi r1, FIB_N
  call fib
  movi r5, RESULTS
  st r0, [r5+0]`,
  checksum: `
  movi r1, BYTES
  movi r2, CHECKSUM_WORDS
  movi r3, SEED_CHECKSUM
  call fill
  movi r1, BYTES
  movi r2, CHECKSUM_BYTES
  call fnv
  movi r5, RESULTS
  st r0, [r5+4]`,
  sort: `
  movi r1, SORT
  movi r2, SORT_N
  movi r3, SEED_SORT
  call fill
  movi r1, SORT
  movi r2, SORT_N
  call isort
  movi r1, SORT
  movi r2, SORT_BYTES
  call fnv
  movi r5, RESULTS
  st r0, [r5+8]`,
  matmul: `
  movi r1, MAT_A
  movi r2, MAT_WORDS
  movi r3, SEED_A
  call fill
  movi r1, MAT_B
  movi r2, MAT_WORDS
  movi r3, SEED_B
  call fill
  movi r1, MAT_A
  movi r2, MAT_B
  movi r3, MAT_C
  movi r4, MAT_N
  call matmul
  movi r1, MAT_C
  movi r2, MAT_BYTES
  call fnv
  movi r5, RESULTS
  st r0, [r5+12]`,
  collatz: `
  movi r1, COLLATZ_N
  call collatz
  movi r5, RESULTS
  st r0, [r5+16]`,
};

/** Which helper functions each kernel calls besides its own. */
const HELPERS: Readonly<Record<KernelName, readonly string[]>> = {
  fib: [],
  checksum: ['fill', 'fnv'],
  sort: ['fill', 'fnv'],
  matmul: ['fill', 'fnv'],
  collatz: [],
};

/** Guest functions. Arguments in r1..r4, result in r0; r5..r11, r13, r14 are caller-saved. */
const FUNCTIONS: Readonly<Record<string, string>> = {
  // r0 = fib(r1), recursively.
  fib: `
fib:
  cmp r1, 2
  blt fib_base
  sub sp, sp, 8
  st r1, [sp]
  sub r1, r1, 1
  call fib
  st r0, [sp+4]
  ld r1, [sp]
  sub r1, r1, 2
  call fib
  ld r5, [sp+4]
  add r0, r0, r5
  ld r1, [sp]
  add sp, sp, 8
  ret
fib_base:
  mov r0, r1
  ret`,
  // r2 words from r1 on: x = x * 1103515245 + 12345, starting from x = r3. r0 = the last x.
  fill: `
fill:
  mov r0, r3
fill_loop:
  cmp r2, 0
  ble fill_done
  mul r0, r0, 1103515245
  add r0, r0, 12345
  st r0, [r1]
  add r1, r1, 4
  sub r2, r2, 1
  b fill_loop
fill_done:
  ret`,
  // r0 = FNV-1a of r2 bytes from r1.
  fnv: `
fnv:
  movi r0, 0x811c9dc5
fnv_loop:
  cmp r2, 0
  beq fnv_done
  ldb r5, [r1]
  xor r0, r0, r5
  mul r0, r0, 16777619
  add r1, r1, 1
  sub r2, r2, 1
  b fnv_loop
fnv_done:
  ret`,
  // Insertion sort of r2 signed words at r1.
  isort: `
isort:
  movi r5, 1
isort_outer:
  bge r5, r2, isort_done
  shl r6, r5, 2
  add r6, r6, r1
  ld r7, [r6]
  mov r8, r6
isort_inner:
  beq r8, r1, isort_place
  ld r9, [r8-4]
  cmp r9, r7
  ble isort_place
  st r9, [r8]
  sub r8, r8, 4
  b isort_inner
isort_place:
  st r7, [r8]
  add r5, r5, 1
  b isort_outer
isort_done:
  ret`,
  // C = A x B for r4 x r4 int32 matrices at r1 (A), r2 (B), r3 (C), row-major.
  matmul: `
matmul:
  movi r5, 0
  shl r10, r4, 2
mm_i:
  bge r5, r4, mm_done
  movi r6, 0
mm_j:
  bge r6, r4, mm_i_next
  movi r7, 0
  movi r0, 0
  mul r8, r5, r4
  shl r8, r8, 2
  add r8, r8, r1
  shl r9, r6, 2
  add r9, r9, r2
mm_k:
  cmp r7, r4
  bge mm_k_done
  ld r11, [r8]
  ld r13, [r9]
  mul r11, r11, r13
  add r0, r0, r11
  add r8, r8, 4
  add r9, r9, r10
  add r7, r7, 1
  b mm_k
mm_k_done:
  mul r11, r5, r4
  add r11, r11, r6
  shl r11, r11, 2
  add r11, r11, r3
  st r0, [r11]
  add r6, r6, 1
  b mm_j
mm_i_next:
  add r5, r5, 1
  b mm_i
mm_done:
  ret`,
  // r0 = total Collatz steps of 1..r1.
  collatz: `
collatz:
  movi r0, 0
  movi r5, 1
cz_outer:
  bgt r5, r1, cz_done
  mov r6, r5
cz_inner:
  cmp r6, 1
  beq cz_next
  and r7, r6, 1
  cmp r7, 0
  bne cz_odd
  shr r6, r6, 1
  b cz_count
cz_odd:
  mul r6, r6, 3
  add r6, r6, 1
cz_count:
  add r0, r0, 1
  b cz_inner
cz_next:
  add r5, r5, 1
  b cz_outer
cz_done:
  ret`,
};

const KERNEL_FUNCTION: Readonly<Record<KernelName, string>> = {
  fib: 'fib', checksum: 'fnv', sort: 'isort', matmul: 'matmul', collatz: 'collatz',
};

export type ProgramName = KernelName | 'mix';
export const PROGRAM_NAMES: readonly ProgramName[] = [...KERNELS, 'mix'];

/** The kernels a program runs, in order. */
export function kernelsOf(program: ProgramName): readonly KernelName[] {
  return program === 'mix' ? KERNELS : [program];
}

/** Assembler source of a program: main, then every function it calls. */
export function programSource(program: ProgramName): string {
  const kernels = kernelsOf(program);
  const functions = new Set<string>();
  for (const kernel of kernels) {
    functions.add(KERNEL_FUNCTION[kernel]);
    for (const helper of HELPERS[kernel]) functions.add(helper);
  }
  return [
    `; guest program "${program}"`,
    'main:',
    ...kernels.map((kernel) => MAIN_PART[kernel]),
    '  halt',
    ...[...functions].map((name) => FUNCTIONS[name]),
    '',
  ].join('\n');
}

/** The named constants the sources use (addresses and sizes). */
export const PROGRAM_CONSTANTS = CONSTANTS;
