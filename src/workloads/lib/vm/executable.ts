/**
 * Decoded code made ready to run: the guest-address -> instruction-index map that RET needs
 * (return addresses on the guest stack are guest addresses), and the basic blocks. A block
 * starts at a leader (the entry, a branch or call target, or the instruction after a control
 * transfer) and runs up to its first control transfer or the next leader; the JIT compiles
 * blocks, the profiler counts their entries, the interpreter can stop at their ends.
 */
import type { Code } from './code.ts';
import { hasTarget, isControlTransfer, Op } from './isa.ts';

/** The index RET gets for a return address that is no instruction: the engines raise a fault. */
export const BAD_RETURN = -2;

export class Executable {
  readonly code: Code;
  /** Guest address -> instruction index; BAD_RETURN where no instruction starts. */
  readonly indexOfAddress: Int32Array;
  /** 1 at the first instruction of each basic block. */
  readonly leader: Uint8Array;
  /** For a leader: the index just past its block. */
  readonly blockEnd: Int32Array;
  /** The leaders in order. */
  readonly blocks: Int32Array;

  constructor(code: Code) {
    code.checkTargets();
    this.code = code;
    let maxAddress = 0;
    for (let i = 0; i < code.length; i++) maxAddress = Math.max(maxAddress, code.addr[i]);
    this.indexOfAddress = new Int32Array(maxAddress + 1).fill(BAD_RETURN);
    for (let i = 0; i < code.length; i++) {
      if (code.addr[i] >= 0) this.indexOfAddress[code.addr[i]] = i;
      if (code.op[i] === Op.CALL && !(i + 1 < code.length && code.addr[i + 1] >= 0)) {
        throw new RangeError(`instruction ${i}: a call needs an addressable instruction after it (its return address)`);
      }
    }
    this.leader = new Uint8Array(code.length + 1);
    if (code.length > 0) this.leader[0] = 1;
    for (let i = 0; i < code.length; i++) {
      if (hasTarget(code.op[i])) this.leader[code.target[i]] = 1;
      if (isControlTransfer(code.op[i])) this.leader[i + 1] = 1;
    }
    this.blockEnd = new Int32Array(code.length);
    const blocks: number[] = [];
    for (let start = 0; start < code.length;) {
      let end = start + 1;
      while (end < code.length && !isControlTransfer(code.op[end - 1]) && this.leader[end] === 0) end++;
      // An instruction after a control transfer that is not itself a leader cannot be reached;
      // it still gets a block so every instruction belongs to one.
      this.leader[start] = 1;
      this.blockEnd[start] = end;
      blocks.push(start);
      start = end;
    }
    this.blocks = Int32Array.from(blocks);
  }

  /** Instruction index of guest address `address`, or BAD_RETURN. */
  indexOf(address: number): number {
    return address >= 0 && address < this.indexOfAddress.length ? this.indexOfAddress[address] : BAD_RETURN;
  }

  /** The guest address of instruction `index` (the block cache's key for a leader). */
  addressOf(index: number): number {
    return this.code.addr[index];
  }

  blockLength(leader: number): number {
    return this.blockEnd[leader] - leader;
  }
}
