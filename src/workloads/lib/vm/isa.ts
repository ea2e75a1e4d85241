/**
 * The guest instruction set: a small 32-bit register machine with 16 registers, word and
 * byte load/store, ALU operations in register and immediate forms, compare-and-branch in
 * two styles (flags set by CMP and read by B, as on x86 and ARM; or a fused compare-branch
 * without flags, as on RISC-V), call/return through a stack in guest memory, and halt.
 *
 * This is the decoded form every encoding decodes into and every engine (interpreter, JIT,
 * AOT) executes. Each encoding can express only part of it (x86-style ALU operations are
 * two-operand, ARM-style immediates are 18 bits, RISC-V-style code has no flags); the
 * legalizer (legalize.ts) rewrites code into what an encoding can express.
 */

/** Opcodes. Plain numbers (erasable TypeScript has no enums); the ALU ops are contiguous. */
export const Op = {
  HALT: 0,
  /** rd = imm (any int32 in the decoded form). */
  MOVI: 1,
  /** rd = (imm << 16) | (rd & 0xffff), imm in 0..65535 (ARM's MOVT). */
  MOVHI: 2,
  /** rd = rs1. */
  MOV: 3,
  /** rd = rs1 <op> rs2, for the nine ALU operations ADD..SAR. */
  ADD: 4, SUB: 5, MUL: 6, AND: 7, OR: 8, XOR: 9, SHL: 10, SHR: 11, SAR: 12,
  /** rd = rs1 <op> imm, for the same nine operations in the same order. */
  ADDI: 13, SUBI: 14, MULI: 15, ANDI: 16, ORI: 17, XORI: 18, SHLI: 19, SHRI: 20, SARI: 21,
  /** rd = mem32[rs1 + imm] (4-byte aligned). */
  LD: 22,
  /** mem32[rs1 + imm] = rd. */
  ST: 23,
  /** rd = mem8[rs1 + imm], zero-extended. */
  LDB: 24,
  /** mem8[rs1 + imm] = rd & 0xff. */
  STB: 25,
  /** flags = compare(rs1, rs2). */
  CMP: 26,
  /** flags = compare(rs1, imm). */
  CMPI: 27,
  /** if cond(flags) goto target; cond AL is an unconditional jump. */
  B: 28,
  /** if cond(rs1, rs2) goto target, flags untouched (RISC-V's BEQ/BLT/...). */
  BR: 29,
  /** sp -= 4; mem32[sp] = address of the next instruction; goto target. */
  CALL: 30,
  /** pc = mem32[sp]; sp += 4. */
  RET: 31,
} as const;
export const OPCODE_COUNT = 32;

/** ALU operation index 0..8 (ADD..SAR); `Op.ADD + alu` and `Op.ADDI + alu` are its two forms. */
export const ALU_COUNT = 9;
export const ALU_NAMES = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar'] as const;
/** Operations where `a op b === b op a`, so a two-operand encoding may swap the sources. */
export const ALU_COMMUTATIVE: readonly boolean[] = [true, false, true, true, true, true, false, false, false];

export function isAluRegister(op: number): boolean {
  return op >= Op.ADD && op <= Op.SAR;
}

export function isAluImmediate(op: number): boolean {
  return op >= Op.ADDI && op <= Op.SARI;
}

/** Conditions of B and BR: signed and unsigned orderings of the two compared values. */
export const Cond = { AL: 0, EQ: 1, NE: 2, LT: 3, GE: 4, LE: 5, GT: 6, LTU: 7, GEU: 8 } as const;
export const COND_COUNT = 9;
export const COND_NAMES = ['', 'eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu'] as const;

export const REGISTER_COUNT = 16;
/** The stack pointer, used by CALL and RET. */
export const SP = 15;
/**
 * Reserved for the translators and the legalizer (ARM's IP register plays this part): a
 * constant that does not fit an encoding's immediate field is built here. Guest programs
 * must not use it; the assembler refuses it.
 */
export const SCRATCH = 12;

/** Evaluates `cond` on two int32 values, the way B reads flags and BR reads registers. */
export function conditionHolds(cond: number, a: number, b: number): boolean {
  switch (cond) {
    case Cond.AL: return true;
    case Cond.EQ: return a === b;
    case Cond.NE: return a !== b;
    case Cond.LT: return a < b;
    case Cond.GE: return a >= b;
    case Cond.LE: return a <= b;
    case Cond.GT: return a > b;
    case Cond.LTU: return (a >>> 0) < (b >>> 0);
    // GEU; decoders and the assembler admit no other value.
    default: return (a >>> 0) >= (b >>> 0);
  }
}

/** Which fields an instruction of each opcode uses; the others are 0 in decoded code. */
export const Field = { RD: 1, RS1: 2, RS2: 4, COND: 8, IMM: 16, TARGET: 32 } as const;

const ALU_R = Field.RD | Field.RS1 | Field.RS2;
const ALU_I = Field.RD | Field.RS1 | Field.IMM;
const MEMORY = Field.RD | Field.RS1 | Field.IMM;

/** `OPERANDS[op]`: the Field bits of the opcode. */
export const OPERANDS: readonly number[] = [
  0, // HALT
  Field.RD | Field.IMM, // MOVI
  Field.RD | Field.IMM, // MOVHI
  Field.RD | Field.RS1, // MOV
  ALU_R, ALU_R, ALU_R, ALU_R, ALU_R, ALU_R, ALU_R, ALU_R, ALU_R,
  ALU_I, ALU_I, ALU_I, ALU_I, ALU_I, ALU_I, ALU_I, ALU_I, ALU_I,
  MEMORY, MEMORY, MEMORY, MEMORY, // LD ST LDB STB
  Field.RS1 | Field.RS2, // CMP
  Field.RS1 | Field.IMM, // CMPI
  Field.COND | Field.TARGET, // B
  Field.COND | Field.RS1 | Field.RS2 | Field.TARGET, // BR
  Field.TARGET, // CALL
  0, // RET
];

/** Does control leave the straight line after this instruction (the end of a basic block)? */
export function isControlTransfer(op: number): boolean {
  return op === Op.B || op === Op.BR || op === Op.CALL || op === Op.RET || op === Op.HALT;
}

/** Does this instruction have a branch target (an instruction index)? */
export function hasTarget(op: number): boolean {
  return op === Op.B || op === Op.BR || op === Op.CALL;
}

/** Thrown when guest code does something the machine cannot do (bad address, bad return). */
export class GuestFault extends Error {
  override name = 'GuestFault';
}
