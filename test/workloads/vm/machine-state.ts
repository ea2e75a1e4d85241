/** What the equivalence tests compare between two runs of a guest program. */
import assert from 'node:assert/strict';
import { SCRATCH } from '../../../src/workloads/lib/vm/isa.ts';
import type { GuestMachine } from '../../../src/workloads/lib/vm/machine.ts';

/**
 * Everything two runs of the same code must agree on: registers, flags and all of memory
 * (the stack included, since the return addresses are the same code's addresses).
 */
export function assertSameMachineState(actual: GuestMachine, expected: GuestMachine, label: string): void {
  assert.deepEqual(actual.regs, expected.regs, `${label}: registers`);
  assert.deepEqual(actual.flags, expected.flags, `${label}: flags`);
  assert.ok(Buffer.compare(Buffer.from(actual.memory.bytes), Buffer.from(expected.memory.bytes)) === 0, `${label}: guest memory`);
}

/**
 * What translated code must agree on with its source: the registers a program owns (not
 * the translators' scratch register) and the data memory. Flags may differ (RISC-V-style
 * code has none), and so may the stack, whose return addresses are each encoding's own.
 */
export function assertSameProgramState(actual: GuestMachine, expected: GuestMachine, label: string): void {
  for (let r = 0; r < actual.regs.length; r++) {
    if (r !== SCRATCH) assert.equal(actual.regs[r], expected.regs[r], `${label}: r${r}`);
  }
  const dataBytes = expected.config.dataBytes;
  const same = Buffer.compare(Buffer.from(actual.memory.bytes.subarray(0, dataBytes)), Buffer.from(expected.memory.bytes.subarray(0, dataBytes))) === 0;
  assert.ok(same, `${label}: data memory`);
}
