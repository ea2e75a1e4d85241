/**
 * The fixed 32-bit, RISC-V-style encoding: no flags (a conditional branch compares two
 * registers itself, like BEQ/BLT), a 7-bit major opcode with function fields as on RISC-V,
 * 13-bit signed immediates (a wider constant is built from small pieces and LUI), JAL for
 * jumps and calls with word offsets.
 *
 *   OP      0x33: 6..0 | 10..7 rd | 14..11 rs1 | 18..15 rs2 | 22..19 funct (ALU 0..8, 9 = mv)
 *   OP-IMM  0x13: 6..0 | 10..7 rd | 14..11 rs1 | 18..15 funct (ALU 0..8, 9 = li) | 31..19 simm13
 *   LOAD    0x03 / STORE 0x23: rd (the value for stores) | rs1 | funct (0 word, 1 byte) | simm13
 *   BRANCH  0x63: 10..7 cond | rs1 | rs2 | 31..19 simm13 (words)
 *   JAL     0x6f: 10..7 kind (0 jump, 1 call) | 31..11 simm21 (words)
 *   LUI     0x37: 10..7 rd | 31..16 imm16                      (MOVHI)
 *   JALR    0x67: return          SYSTEM 0x73: halt
 */
import { AddressIndex, type ByteBuffer, DecodeError, EncodeError, fitsSigned } from './binary.ts';
import type { Code } from './code.ts';
import { commonProblem, type Encoding } from './encoding.ts';
import { decodeWords, encodeWords } from './fixed-width.ts';
import { ALU_COUNT, COND_COUNT, Cond, Field, isAluImmediate, isAluRegister, Op, OPERANDS } from './isa.ts';

export const RISCV_IMMEDIATE_BITS = 13;
const JAL_OFFSET_BITS = 21;

const OPC_OP = 0x33;
const OPC_OP_IMM = 0x13;
const OPC_LOAD = 0x03;
const OPC_STORE = 0x23;
const OPC_BRANCH = 0x63;
const OPC_JAL = 0x6f;
const OPC_JALR = 0x67;
const OPC_LUI = 0x37;
const OPC_SYSTEM = 0x73;
/** The funct value after the nine ALU operations: `mv` in OP, `li` in OP-IMM. */
const FUNCT_MOVE = ALU_COUNT;
const JAL_JUMP = 0;
const JAL_CALL = 1;

function riscvProblem(code: Code, i: number): string | null {
  const common = commonProblem(code, i);
  if (common) return common;
  const op = code.op[i];
  if (op === Op.CMP || op === Op.CMPI) return 'RISC-V-style code has no flags (no cmp; use a compare-and-branch)';
  if (op === Op.B && code.cond[i] !== Cond.AL) return 'RISC-V-style code has no flags (conditional b; use a compare-and-branch)';
  if (op !== Op.MOVHI && (OPERANDS[op] & Field.IMM) !== 0 && !fitsSigned(code.imm[i], RISCV_IMMEDIATE_BITS)) {
    return `immediate ${code.imm[i]} does not fit ${RISCV_IMMEDIATE_BITS} signed bits`;
  }
  if (op === Op.BR && !fitsSigned(code.target[i] - i, RISCV_IMMEDIATE_BITS)) return 'branch offset out of range';
  if ((op === Op.B || op === Op.CALL) && !fitsSigned(code.target[i] - i, JAL_OFFSET_BITS)) return 'jump offset out of range';
  return null;
}

class RiscvEncoding implements Encoding {
  readonly arch = 'riscv' as const;
  readonly #index = new AddressIndex();

  problem(code: Code, i: number): string | null {
    return riscvProblem(code, i);
  }

  encode(code: Code, out: ByteBuffer): void {
    encodeWords('riscv', code, out, riscvProblem, encodeWord);
  }

  decode(bytes: Uint8Array, length: number, into: Code): void {
    decodeWords('riscv', bytes, length, into, this.#index, decodeWord);
  }
}

const rd = (value: number): number => value << 7;
const rs1 = (value: number): number => value << 11;
const rs2 = (value: number): number => value << 15;
const imm13 = (value: number): number => value << 19;

function encodeWord(code: Code, i: number): number {
  const op = code.op[i];
  let word: number;
  switch (op) {
    case Op.HALT: word = OPC_SYSTEM; break;
    case Op.RET: word = OPC_JALR; break;
    case Op.B: word = OPC_JAL | rd(JAL_JUMP) | ((code.target[i] - i) << 11); break;
    case Op.CALL: word = OPC_JAL | rd(JAL_CALL) | ((code.target[i] - i) << 11); break;
    case Op.BR: word = OPC_BRANCH | rd(code.cond[i]) | rs1(code.rs1[i]) | rs2(code.rs2[i]) | imm13(code.target[i] - i); break;
    case Op.MOVHI: word = OPC_LUI | rd(code.rd[i]) | (code.imm[i] << 16); break;
    case Op.MOV: word = OPC_OP | rd(code.rd[i]) | rs1(code.rs1[i]) | (FUNCT_MOVE << 19); break;
    case Op.MOVI: word = OPC_OP_IMM | rd(code.rd[i]) | rs2(FUNCT_MOVE) | imm13(code.imm[i]); break;
    case Op.LD: case Op.LDB: case Op.ST: case Op.STB: {
      const isLoad = op === Op.LD || op === Op.LDB;
      const byteWide = op === Op.LDB || op === Op.STB ? 1 : 0;
      word = (isLoad ? OPC_LOAD : OPC_STORE) | rd(code.rd[i]) | rs1(code.rs1[i]) | rs2(byteWide) | imm13(code.imm[i]);
      break;
    }
    default:
      if (isAluRegister(op)) {
        word = OPC_OP | rd(code.rd[i]) | rs1(code.rs1[i]) | rs2(code.rs2[i]) | ((op - Op.ADD) << 19);
      } else if (isAluImmediate(op)) {
        word = OPC_OP_IMM | rd(code.rd[i]) | rs1(code.rs1[i]) | rs2(op - Op.ADDI) | imm13(code.imm[i]);
      } else {
        throw new EncodeError(`riscv: opcode ${op} has no encoding`);
      }
  }
  return word >>> 0;
}

function reserved(word: number, mask: number, at: number): void {
  if ((word & mask) !== 0) throw new DecodeError(`riscv: reserved bits set at ${at}`);
}

function decodeWord(word: number, at: number, into: Code): void {
  const opcode = word & 0x7f;
  const f7 = (word >>> 7) & 15;
  const f11 = (word >>> 11) & 15;
  const f15 = (word >>> 15) & 15;
  const simm13 = word >> 19;
  switch (opcode) {
    case OPC_SYSTEM: reserved(word, ~0x7f, at); into.push(Op.HALT, 0, 0, 0, 0, 0, 0, at); return;
    case OPC_JALR: reserved(word, ~0x7f, at); into.push(Op.RET, 0, 0, 0, 0, 0, 0, at); return;
    case OPC_JAL: {
      const target = at + 4 * (word >> 11);
      if (f7 === JAL_JUMP) into.push(Op.B, 0, 0, 0, Cond.AL, 0, target, at);
      else if (f7 === JAL_CALL) into.push(Op.CALL, 0, 0, 0, 0, 0, target, at);
      else throw new DecodeError(`riscv: unknown jal kind ${f7} at ${at}`);
      return;
    }
    case OPC_BRANCH:
      if (f7 === Cond.AL || f7 >= COND_COUNT) throw new DecodeError(`riscv: unknown branch condition ${f7} at ${at}`);
      into.push(Op.BR, 0, f11, f15, f7, 0, at + 4 * simm13, at);
      return;
    case OPC_LUI: reserved(word, 0xf800, at); into.push(Op.MOVHI, f7, 0, 0, 0, word >>> 16, 0, at); return;
    case OPC_OP: {
      const funct = (word >>> 19) & 15;
      reserved(word, ~0x7fffff, at);
      if (funct === FUNCT_MOVE) {
        reserved(word, 15 << 15, at);
        into.push(Op.MOV, f7, f11, 0, 0, 0, 0, at);
      } else if (funct < ALU_COUNT) {
        into.push(Op.ADD + funct, f7, f11, f15, 0, 0, 0, at);
      } else {
        throw new DecodeError(`riscv: unknown OP function ${funct} at ${at}`);
      }
      return;
    }
    case OPC_OP_IMM:
      if (f15 === FUNCT_MOVE) {
        reserved(word, 15 << 11, at);
        into.push(Op.MOVI, f7, 0, 0, 0, simm13, 0, at);
      } else if (f15 < ALU_COUNT) {
        into.push(Op.ADDI + f15, f7, f11, 0, 0, simm13, 0, at);
      } else {
        throw new DecodeError(`riscv: unknown OP-IMM function ${f15} at ${at}`);
      }
      return;
    case OPC_LOAD: case OPC_STORE: {
      if (f15 > 1) throw new DecodeError(`riscv: unknown memory width ${f15} at ${at}`);
      const op = opcode === OPC_LOAD ? (f15 === 1 ? Op.LDB : Op.LD) : (f15 === 1 ? Op.STB : Op.ST);
      into.push(op, f7, f11, 0, 0, simm13, 0, at);
      return;
    }
    default: throw new DecodeError(`riscv: unknown opcode 0x${opcode.toString(16)} at ${at}`);
  }
}

export const riscvEncoding: Encoding = new RiscvEncoding();
