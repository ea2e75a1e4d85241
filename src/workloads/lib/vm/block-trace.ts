/**
 * The sequence of basic-block entries (as guest addresses) of one run of a program: what a
 * profiler sees from the interpreter. Recorded once, replayed by the hot-spot workload.
 */
import type { Executable } from './executable.ts';
import { interpret } from './interpreter.ts';
import { HALTED, type GuestMachine } from './machine.ts';

export function recordBlockTrace(exe: Executable, machine: GuestMachine, maxEntries = 1 << 22): Int32Array {
  const trace = new Int32Array(maxEntries);
  let length = 0;
  machine.reset();
  while (machine.pc !== HALTED && length < maxEntries) {
    trace[length++] = exe.addressOf(machine.pc);
    interpret(machine, exe, Number.POSITIVE_INFINITY, true);
  }
  return trace.slice(0, length);
}
