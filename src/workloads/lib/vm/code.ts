/**
 * Decoded guest code as a structure of arrays: one typed array per field, one slot per
 * instruction. Engines read it on their hot paths, so it is flat and allocation-free;
 * decoders, the legalizer and the assembler append to it, reusing its memory between runs.
 *
 * Branch and call targets are instruction indices, not byte addresses, so the same code
 * can be laid out by any encoding. `addr` keeps each instruction's guest address in the
 * binary it came from: return addresses pushed by CALL, and the JIT's block cache keys,
 * are guest addresses, as on a real machine.
 */
import { hasTarget } from './isa.ts';

/** One instruction as a plain object: for tests, fixtures and error messages. */
export interface Instruction {
  op: number;
  rd: number;
  rs1: number;
  rs2: number;
  cond: number;
  imm: number;
  /** Instruction index for B, BR and CALL; 0 otherwise. */
  target: number;
}

const INITIAL_CAPACITY = 64;

export class Code {
  op = new Uint8Array(INITIAL_CAPACITY);
  rd = new Uint8Array(INITIAL_CAPACITY);
  rs1 = new Uint8Array(INITIAL_CAPACITY);
  rs2 = new Uint8Array(INITIAL_CAPACITY);
  cond = new Uint8Array(INITIAL_CAPACITY);
  imm = new Int32Array(INITIAL_CAPACITY);
  target = new Int32Array(INITIAL_CAPACITY);
  /** Guest address of each instruction (-1: none, e.g. the inner part of an expansion). */
  addr = new Int32Array(INITIAL_CAPACITY);
  length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    if (capacity !== INITIAL_CAPACITY) this.#resize(capacity);
  }

  get capacity(): number {
    return this.op.length;
  }

  /** Forgets the instructions, keeps the memory. */
  clear(): void {
    this.length = 0;
  }

  /** Appends one instruction and returns its index. */
  push(op: number, rd: number, rs1: number, rs2: number, cond: number, imm: number, target: number, addr = -1): number {
    if (this.length === this.op.length) this.#resize(this.op.length * 2);
    const i = this.length++;
    this.op[i] = op;
    this.rd[i] = rd;
    this.rs1[i] = rs1;
    this.rs2[i] = rs2;
    this.cond[i] = cond;
    this.imm[i] = imm;
    this.target[i] = target;
    this.addr[i] = addr;
    return i;
  }

  /** Copies instruction `i` of `from` to the end of this code (target unchanged). */
  pushFrom(from: Code, i: number, addr = from.addr[i]): number {
    return this.push(from.op[i], from.rd[i], from.rs1[i], from.rs2[i], from.cond[i], from.imm[i], from.target[i], addr);
  }

  #resize(capacity: number): void {
    const grow = <T extends Uint8Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(this.length, capacity)));
      return next;
    };
    this.op = grow(this.op, (n) => new Uint8Array(n));
    this.rd = grow(this.rd, (n) => new Uint8Array(n));
    this.rs1 = grow(this.rs1, (n) => new Uint8Array(n));
    this.rs2 = grow(this.rs2, (n) => new Uint8Array(n));
    this.cond = grow(this.cond, (n) => new Uint8Array(n));
    this.imm = grow(this.imm, (n) => new Int32Array(n));
    this.target = grow(this.target, (n) => new Int32Array(n));
    this.addr = grow(this.addr, (n) => new Int32Array(n));
  }

  instruction(i: number): Instruction {
    return {
      op: this.op[i], rd: this.rd[i], rs1: this.rs1[i], rs2: this.rs2[i], cond: this.cond[i], imm: this.imm[i],
      target: hasTarget(this.op[i]) ? this.target[i] : 0,
    };
  }

  /** The instructions as objects (without addresses): what round-trip tests compare. */
  toInstructions(): Instruction[] {
    const list: Instruction[] = [];
    for (let i = 0; i < this.length; i++) list.push(this.instruction(i));
    return list;
  }

  static fromInstructions(list: readonly Instruction[]): Code {
    const code = new Code(Math.max(INITIAL_CAPACITY, list.length));
    list.forEach((ins, i) => code.push(ins.op, ins.rd, ins.rs1, ins.rs2, ins.cond, ins.imm, ins.target, i * 4));
    return code;
  }

  /** Every target is an instruction of this code; throws naming the first that is not. */
  checkTargets(): void {
    for (let i = 0; i < this.length; i++) {
      if (hasTarget(this.op[i]) && !(this.target[i] >= 0 && this.target[i] < this.length)) {
        throw new RangeError(`instruction ${i}: branch target ${this.target[i]} is outside the code (${this.length} instructions)`);
      }
    }
  }
}
