/**
 * The variable-length, x86-style encoding: one- and two-byte (0x0F-prefixed) opcodes,
 * a register byte with two 4-bit fields (rd or an operation extension, and rs), 8-bit
 * immediates and displacements where the value fits and 32-bit ones where it does not,
 * and short (rel8) or near (rel32) branches chosen by branch relaxation. ALU operations
 * are two-operand (rd = rd op src) as on x86; a fused compare-and-branch does not exist.
 * Instructions are 1 to 7 bytes long.
 */
import { AddressIndex, type ByteBuffer, DecodeError, EncodeError, readI32, signExtend } from './binary.ts';
import type { Code } from './code.ts';
import { commonProblem, type Encoding } from './encoding.ts';
import { ALU_COUNT, Cond, isAluImmediate, isAluRegister, Op } from './isa.ts';

const HLT = 0xf4;
const RET = 0xc3;
const CALL_REL32 = 0xe8;
const JMP_REL8 = 0xeb;
const JMP_REL32 = 0xe9;
/** Jcc rel8 is 0x70 + cc; Jcc rel32 is 0x0F, 0x80 + cc (x86's own condition codes). */
const JCC_REL8 = 0x70;
const JCC_REL32 = 0x80;
const TWO_BYTE = 0x0f;
const MOV_RR = 0x88;
const MOVI_IMM8 = 0xc6;
const MOVI_IMM32 = 0xc7;
/** After 0x0F. */
const MOVHI_IMM16 = 0xb7;
const CMP_RR = 0x39;
/** The immediate group: the register byte's high nibble picks the operation (x86's /digit). */
const GROUP_IMM8 = 0x83;
const GROUP_IMM32 = 0x81;
const GROUP_CMP = ALU_COUNT;

/** ALU register forms, by ALU index; 0x0F-prefixed where the first byte is 0x0F. */
const ALU_RR: readonly (readonly number[])[] = [
  [0x01], [0x29], [TWO_BYTE, 0xaf], [0x21], [0x09], [0x31], [TWO_BYTE, 0xa5], [TWO_BYTE, 0xad], [TWO_BYTE, 0xae],
];
/**
 * Loads and stores, by `op - Op.LD`: the disp8 form; the disp32 form is 0x0F + the same
 * byte, so none may be a second byte of Jcc rel32 (0x0F 0x82..0x8F for the codes in use).
 */
const MEMORY_OPCODES = [0x8b, 0x89, 0x8a, 0x86];

/** IR condition -> x86 condition code (JE is 0x74, JL 0x7C, ...). AL has none. */
const X86_CC = [-1, 0x4, 0x5, 0xc, 0xd, 0xe, 0xf, 0x2, 0x3];
const COND_OF_CC = new Int8Array(16).fill(-1);
X86_CC.forEach((cc, cond) => {
  if (cc >= 0) COND_OF_CC[cc] = cond;
});

const fits8 = (value: number): boolean => value >= -128 && value <= 127;

/** Bytes of instruction `i`, given whether a branch uses its rel32 form. */
function sizeOf(code: Code, i: number, long: boolean): number {
  const op = code.op[i];
  switch (op) {
    case Op.HALT: case Op.RET: return 1;
    case Op.CALL: return 5;
    case Op.B: return long ? (code.cond[i] === Cond.AL ? 5 : 6) : 2;
    case Op.MOV: case Op.CMP: return 2;
    case Op.MOVHI: return 5;
    case Op.MOVI: case Op.CMPI: return fits8(code.imm[i]) ? 3 : 6;
    case Op.LD: case Op.ST: case Op.LDB: case Op.STB: return fits8(code.imm[i]) ? 3 : 7;
    default:
      if (isAluRegister(op)) return ALU_RR[op - Op.ADD].length + 1;
      if (isAluImmediate(op)) return fits8(code.imm[i]) ? 3 : 6;
      throw new EncodeError(`x86: opcode ${op} has no encoding`);
  }
}

class X86Encoding implements Encoding {
  readonly arch = 'x86' as const;
  /** Byte size of each instruction, from the last relaxation. */
  #size = new Uint8Array(256);
  readonly #index = new AddressIndex();

  problem(code: Code, i: number): string | null {
    const common = commonProblem(code, i);
    if (common) return common;
    const op = code.op[i];
    if (op === Op.BR) return 'x86-style code has no fused compare-and-branch';
    if ((isAluRegister(op) || isAluImmediate(op)) && code.rd[i] !== code.rs1[i]) {
      return 'x86-style ALU operations are two-operand (rd must equal rs1)';
    }
    return null;
  }

  encode(code: Code, out: ByteBuffer): void {
    for (let i = 0; i < code.length; i++) {
      const problem = this.problem(code, i);
      if (problem) throw new EncodeError(`x86: instruction ${i}: ${problem}`);
    }
    this.#relax(code);
    out.clear();
    out.reserve(code.length * 7);
    for (let i = 0; i < code.length; i++) this.#emit(code, i, out);
  }

  /**
   * Branch relaxation: every branch starts short; one whose displacement does not fit
   * rel8 becomes long, which moves what follows, so repeat until nothing changes. Branches
   * only ever grow, so this ends.
   */
  #relax(code: Code): void {
    if (this.#size.length < code.length) this.#size = new Uint8Array(code.length * 2);
    const size = this.#size;
    const { op, addr, target } = code;
    for (let i = 0; i < code.length; i++) size[i] = sizeOf(code, i, false);
    for (let changed = true; changed;) {
      changed = false;
      let address = 0;
      for (let i = 0; i < code.length; i++) {
        addr[i] = address;
        address += size[i];
      }
      for (let i = 0; i < code.length; i++) {
        if (op[i] === Op.B && size[i] === 2 && !fits8(addr[target[i]] - (addr[i] + 2))) {
          size[i] = sizeOf(code, i, true);
          changed = true;
        }
      }
    }
  }

  #emit(code: Code, i: number, out: ByteBuffer): void {
    const op = code.op[i];
    const rd = code.rd[i];
    const imm = code.imm[i];
    const end = code.addr[i] + this.#size[i];
    switch (op) {
      case Op.HALT: out.u8(HLT); return;
      case Op.RET: out.u8(RET); return;
      case Op.CALL: out.u8(CALL_REL32); out.u32(code.addr[code.target[i]] - end); return;
      case Op.B: {
        const rel = code.addr[code.target[i]] - end;
        const cond = code.cond[i];
        if (this.#size[i] > 2) {
          if (cond === Cond.AL) out.u8(JMP_REL32);
          else { out.u8(TWO_BYTE); out.u8(JCC_REL32 + X86_CC[cond]); }
          out.u32(rel);
        } else {
          out.u8(cond === Cond.AL ? JMP_REL8 : JCC_REL8 + X86_CC[cond]);
          out.u8(rel);
        }
        return;
      }
      case Op.MOV: out.u8(MOV_RR); out.u8((rd << 4) | code.rs1[i]); return;
      case Op.CMP: out.u8(CMP_RR); out.u8((code.rs1[i] << 4) | code.rs2[i]); return;
      case Op.MOVHI: out.u8(TWO_BYTE); out.u8(MOVHI_IMM16); out.u8(rd << 4); out.u16(imm); return;
      case Op.MOVI: emitImmediate(out, fits8(imm) ? MOVI_IMM8 : MOVI_IMM32, rd << 4, imm); return;
      case Op.CMPI: emitImmediate(out, fits8(imm) ? GROUP_IMM8 : GROUP_IMM32, (GROUP_CMP << 4) | code.rs1[i], imm); return;
      case Op.LD: case Op.ST: case Op.LDB: case Op.STB: {
        if (!fits8(imm)) out.u8(TWO_BYTE);
        out.u8(MEMORY_OPCODES[op - Op.LD]);
        out.u8((rd << 4) | code.rs1[i]);
        if (fits8(imm)) out.u8(imm); else out.u32(imm);
        return;
      }
      default:
        if (isAluRegister(op)) {
          const opcode = ALU_RR[op - Op.ADD];
          for (let b = 0; b < opcode.length; b++) out.u8(opcode[b]);
          out.u8((rd << 4) | code.rs2[i]);
        } else {
          emitImmediate(out, fits8(imm) ? GROUP_IMM8 : GROUP_IMM32, ((op - Op.ADDI) << 4) | rd, imm);
        }
    }
  }

  decode(bytes: Uint8Array, length: number, into: Code): void {
    into.clear();
    this.#index.reset(length);
    for (let at = 0; at < length;) {
      this.#index.set(at, into.length);
      at = decodeOne(bytes, length, at, into);
    }
    this.#index.resolveTargets(into, length);
  }
}

/** First bytes (and second bytes after 0x0F) that are a register-form ALU op or a memory op: the opcode, else -1. */
const ONE_BYTE_OP = new Int16Array(256).fill(-1);
const TWO_BYTE_OP = new Int16Array(256).fill(-1);
ALU_RR.forEach((bytesOf, alu) => {
  if (bytesOf.length === 1) ONE_BYTE_OP[bytesOf[0]] = Op.ADD + alu;
  else TWO_BYTE_OP[bytesOf[1]] = Op.ADD + alu;
});
MEMORY_OPCODES.forEach((byte, k) => {
  ONE_BYTE_OP[byte] = Op.LD + k;
  TWO_BYTE_OP[byte] = Op.LD + k;
});

function ensure(at: number, n: number, length: number, start: number): void {
  if (at + n > length) throw new DecodeError(`x86: instruction at ${start} runs past the end of the code`);
}

/**
 * Decodes the instruction at `start` and returns the address after it. Branch targets are
 * left as byte addresses (the end of the instruction plus the displacement). Straight-line
 * code with bounds checks and lookup tables: this runs once per instruction translated.
 */
function decodeOne(bytes: Uint8Array, length: number, start: number, into: Code): number {
  const first = bytes[start];
  switch (first) {
    case HLT: into.push(Op.HALT, 0, 0, 0, 0, 0, 0, start); return start + 1;
    case RET: into.push(Op.RET, 0, 0, 0, 0, 0, 0, start); return start + 1;
    case CALL_REL32: ensure(start, 5, length, start); into.push(Op.CALL, 0, 0, 0, 0, 0, start + 5 + readI32(bytes, start + 1), start); return start + 5;
    case JMP_REL8: ensure(start, 2, length, start); into.push(Op.B, 0, 0, 0, Cond.AL, 0, start + 2 + signExtend(bytes[start + 1], 8), start); return start + 2;
    case JMP_REL32: ensure(start, 5, length, start); into.push(Op.B, 0, 0, 0, Cond.AL, 0, start + 5 + readI32(bytes, start + 1), start); return start + 5;
    case MOV_RR: case CMP_RR: {
      ensure(start, 2, length, start);
      const r = bytes[start + 1];
      if (first === MOV_RR) into.push(Op.MOV, r >> 4, r & 15, 0, 0, 0, 0, start);
      else into.push(Op.CMP, 0, r >> 4, r & 15, 0, 0, 0, start);
      return start + 2;
    }
    case MOVI_IMM8: case MOVI_IMM32: case GROUP_IMM8: case GROUP_IMM32: {
      const short = first === MOVI_IMM8 || first === GROUP_IMM8;
      ensure(start, short ? 3 : 6, length, start);
      const r = bytes[start + 1];
      const value = short ? signExtend(bytes[start + 2], 8) : readI32(bytes, start + 2);
      if (first === MOVI_IMM8 || first === MOVI_IMM32) {
        if ((r & 15) !== 0) throw new DecodeError(`x86: movi at ${start}: reserved bits set`);
        into.push(Op.MOVI, r >> 4, 0, 0, 0, value, 0, start);
      } else if (r >> 4 === GROUP_CMP) {
        into.push(Op.CMPI, 0, r & 15, 0, 0, value, 0, start);
      } else if (r >> 4 < ALU_COUNT) {
        into.push(Op.ADDI + (r >> 4), r & 15, r & 15, 0, 0, value, 0, start);
      } else {
        throw new DecodeError(`x86: unknown immediate-group operation ${r >> 4} at ${start}`);
      }
      return start + (short ? 3 : 6);
    }
    case TWO_BYTE: return decodeTwoByte(bytes, length, start, into);
    default: break;
  }
  if (first >= JCC_REL8 && first < JCC_REL8 + 16 && COND_OF_CC[first - JCC_REL8] >= 0) {
    ensure(start, 2, length, start);
    into.push(Op.B, 0, 0, 0, COND_OF_CC[first - JCC_REL8], 0, start + 2 + signExtend(bytes[start + 1], 8), start);
    return start + 2;
  }
  const op = ONE_BYTE_OP[first];
  if (op < 0) throw new DecodeError(`x86: unknown opcode 0x${first.toString(16)} at ${start}`);
  return decodeTableOp(op, false, bytes, length, start, into);
}

/**
 * A register-form ALU operation or a load/store found in an opcode table: the register
 * byte follows the opcode; a load/store then has a disp8, or a disp32 in its 0x0F form.
 */
function decodeTableOp(op: number, twoByte: boolean, bytes: Uint8Array, length: number, start: number, into: Code): number {
  const at = start + (twoByte ? 2 : 1);
  if (op >= Op.LD) {
    const end = at + (twoByte ? 5 : 2);
    ensure(start, end - start, length, start);
    const r = bytes[at];
    into.push(op, r >> 4, r & 15, 0, 0, twoByte ? readI32(bytes, at + 1) : signExtend(bytes[at + 1], 8), 0, start);
    return end;
  }
  ensure(start, at + 1 - start, length, start);
  const r = bytes[at];
  into.push(op, r >> 4, r >> 4, r & 15, 0, 0, 0, start);
  return at + 1;
}

function decodeTwoByte(bytes: Uint8Array, length: number, start: number, into: Code): number {
  ensure(start, 2, length, start);
  const second = bytes[start + 1];
  if (second >= JCC_REL32 && second < JCC_REL32 + 16 && COND_OF_CC[second - JCC_REL32] >= 0) {
    ensure(start, 6, length, start);
    into.push(Op.B, 0, 0, 0, COND_OF_CC[second - JCC_REL32], 0, start + 6 + readI32(bytes, start + 2), start);
    return start + 6;
  }
  if (second === MOVHI_IMM16) {
    ensure(start, 5, length, start);
    const r = bytes[start + 2];
    if ((r & 15) !== 0) throw new DecodeError(`x86: movhi at ${start}: reserved bits set`);
    into.push(Op.MOVHI, r >> 4, 0, 0, 0, bytes[start + 3] | (bytes[start + 4] << 8), 0, start);
    return start + 5;
  }
  const op = TWO_BYTE_OP[second];
  if (op < 0) throw new DecodeError(`x86: unknown opcode 0x0f 0x${second.toString(16)} at ${start}`);
  return decodeTableOp(op, true, bytes, length, start, into);
}

function emitImmediate(out: ByteBuffer, opcode: number, registerByte: number, imm: number): void {
  out.u8(opcode);
  out.u8(registerByte);
  if (opcode === MOVI_IMM8 || opcode === GROUP_IMM8) out.u8(imm); else out.u32(imm);
}

export const x86Encoding: Encoding = new X86Encoding();
