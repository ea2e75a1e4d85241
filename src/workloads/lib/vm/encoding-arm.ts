/**
 * The fixed 32-bit, ARM-style encoding: three-operand ALU operations, flags set by CMP and
 * read by conditional branches, 18-bit signed immediates and offsets (a wider constant is
 * built with MOVI + MOVHI, ARM's MOVW/MOVT pair), branch and call offsets in words.
 *
 *   31..26 opcode | 25..22 rd (cond for B) | 21..18 rs1 | 17..14 rs2     register forms
 *   31..26 opcode | 25..22 rd | 21..18 rs1 | 17..0 simm18                immediate forms
 *   31..26 opcode | 25..22 rd | 15..0 imm16                              MOVHI
 *   31..26 opcode | 25..22 cond | 21..0 simm22 (words)                   B
 *   31..26 opcode | 25..0 simm26 (words)                                 CALL
 */
import { AddressIndex, type ByteBuffer, DecodeError, fitsSigned, signExtend } from './binary.ts';
import type { Code } from './code.ts';
import { commonProblem, type Encoding } from './encoding.ts';
import { decodeWords, encodeWords } from './fixed-width.ts';
import { COND_COUNT, Field, Op, OPCODE_COUNT, OPERANDS } from './isa.ts';

export const ARM_IMMEDIATE_BITS = 18;
const B_OFFSET_BITS = 22;
const CALL_OFFSET_BITS = 26;

function armProblem(code: Code, i: number): string | null {
  const common = commonProblem(code, i);
  if (common) return common;
  const op = code.op[i];
  if (op === Op.BR) return 'ARM-style code has no fused compare-and-branch (use cmp and b<cond>)';
  if (op !== Op.MOVHI && (OPERANDS[op] & Field.IMM) !== 0 && !fitsSigned(code.imm[i], ARM_IMMEDIATE_BITS)) {
    return `immediate ${code.imm[i]} does not fit ${ARM_IMMEDIATE_BITS} signed bits`;
  }
  if (op === Op.B || op === Op.CALL) {
    // Before layout every instruction is 4 bytes, so the word offset is the index difference.
    const bits = op === Op.B ? B_OFFSET_BITS : CALL_OFFSET_BITS;
    if (!fitsSigned(code.target[i] - i, bits)) return 'branch offset out of range';
  }
  return null;
}

class ArmEncoding implements Encoding {
  readonly arch = 'arm' as const;
  readonly #index = new AddressIndex();

  problem(code: Code, i: number): string | null {
    return armProblem(code, i);
  }

  encode(code: Code, out: ByteBuffer): void {
    encodeWords('arm', code, out, armProblem, encodeWord);
  }

  decode(bytes: Uint8Array, length: number, into: Code): void {
    decodeWords('arm', bytes, length, into, this.#index, decodeWord);
  }
}

function encodeWord(code: Code, i: number): number {
  const op = code.op[i];
  const head = op << 26;
  switch (op) {
    case Op.HALT: case Op.RET: return head >>> 0;
    case Op.B: return (head | (code.cond[i] << 22) | ((code.target[i] - i) & 0x3fffff)) >>> 0;
    case Op.CALL: return (head | ((code.target[i] - i) & 0x3ffffff)) >>> 0;
    case Op.MOVHI: return (head | (code.rd[i] << 22) | code.imm[i]) >>> 0;
    default: {
      const fields = OPERANDS[op];
      let word = head | (code.rd[i] << 22) | (code.rs1[i] << 18);
      if (fields & Field.IMM) word |= code.imm[i] & 0x3ffff;
      else word |= code.rs2[i] << 14;
      return word >>> 0;
    }
  }
}

function decodeWord(word: number, at: number, into: Code): void {
  const op = word >>> 26;
  if (op >= OPCODE_COUNT || op === Op.BR) throw new DecodeError(`arm: unknown opcode ${op} at ${at}`);
  const rd = (word >>> 22) & 15;
  const rs1 = (word >>> 18) & 15;
  switch (op) {
    case Op.HALT: case Op.RET:
      if ((word & 0x3ffffff) !== 0) throw new DecodeError(`arm: reserved bits set at ${at}`);
      into.push(op, 0, 0, 0, 0, 0, 0, at);
      return;
    case Op.B: {
      if (rd >= COND_COUNT) throw new DecodeError(`arm: unknown condition ${rd} at ${at}`);
      into.push(op, 0, 0, 0, rd, 0, at + 4 * signExtend(word & 0x3fffff, B_OFFSET_BITS), at);
      return;
    }
    case Op.CALL: into.push(op, 0, 0, 0, 0, 0, at + 4 * signExtend(word & 0x3ffffff, CALL_OFFSET_BITS), at); return;
    case Op.MOVHI:
      if ((word & 0x3f0000) !== 0) throw new DecodeError(`arm: reserved bits set at ${at}`);
      into.push(op, rd, 0, 0, 0, word & 0xffff, 0, at);
      return;
    default: break;
  }
  const fields = OPERANDS[op];
  const reservedMask = (fields & Field.RD ? 0 : 15 << 22) | (fields & Field.RS1 ? 0 : 15 << 18)
    | (fields & Field.IMM ? 0 : fields & Field.RS2 ? 0x3fff : 0x3ffff);
  if ((word & reservedMask) !== 0) throw new DecodeError(`arm: reserved bits set at ${at}`);
  if (fields & Field.IMM) {
    into.push(op, rd, rs1, 0, 0, signExtend(word & 0x3ffff, ARM_IMMEDIATE_BITS), 0, at);
  } else {
    into.push(op, rd, rs1, (word >>> 14) & 15, 0, 0, 0, at);
  }
}

export const armEncoding: Encoding = new ArmEncoding();
