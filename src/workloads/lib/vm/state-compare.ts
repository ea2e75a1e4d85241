/** Equality of two guest machines' architectural state, for checks and tests. */
import type { GuestMachine } from './machine.ts';

function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same registers, flags, pc and guest memory. */
export function sameState(a: GuestMachine, b: GuestMachine): boolean {
  return a.pc === b.pc && equalArrays(a.regs, b.regs) && equalArrays(a.flags, b.flags)
    && Buffer.compare(Buffer.from(a.memory.bytes.buffer), Buffer.from(b.memory.bytes.buffer)) === 0;
}
