/**
 * Lowers decoded code to what one encoding can express; this is the instruction-selection
 * half of a binary translator (translate.ts adds the decoding and encoding around it).
 *
 * - x86-style: three-operand ALU operations become `mov rd, a; op rd, rd, b` (or a swap
 *   for commutative operations); a fused compare-and-branch becomes `cmp; b<cond>`.
 * - ARM-style: immediates wider than 18 bits are built in the scratch register with
 *   MOVI + MOVHI and used from there; fused branches become `cmp; b<cond>`.
 * - RISC-V-style: no flags, so `cmp a, b` followed by conditional branches becomes one
 *   fused branch per condition (`cmp a, imm` first moves imm into the scratch register);
 *   immediates wider than 13 bits are built from pieces.
 *
 * For ARM and RISC-V a peephole folds x86's `mov rd, a; op rd, rd, b` back into
 * `op rd, a, b` when nothing jumps between the two, so code translated from x86 is not
 * slower than code written for the target. Branch targets are remapped through the
 * expansion. The first instruction of each expansion keeps the source instruction's
 * guest address.
 */
import { fitsSigned } from './binary.ts';
import { Code } from './code.ts';
import { ARM_IMMEDIATE_BITS } from './encoding-arm.ts';
import { RISCV_IMMEDIATE_BITS } from './encoding-riscv.ts';
import type { Arch } from './encoding.ts';
import { ALU_COMMUTATIVE, Cond, hasTarget, isAluImmediate, isAluRegister, Op, SCRATCH } from './isa.ts';

/** Thrown for code the legalizer cannot lower (flags live across a jump, the scratch register in use). */
export class TranslateError extends Error {
  override name = 'TranslateError';
}

const NO_COMPARE = -1;

export class Legalizer {
  #map = new Int32Array(256);
  #isTarget = new Uint8Array(256);
  #out: Code = new Code();
  #arch: Arch = 'arm';
  /** Signed immediate bits of the target (32: any int32). */
  #immediateBits = 32;
  #first = true;
  #sourceAddress = -1;

  /** Lowers `src` for `arch` into `out` (cleared first) and returns `out`. */
  legalize(src: Code, arch: Arch, out: Code = new Code(Math.max(64, src.length * 2))): Code {
    if (this.#map.length < src.length + 1) {
      this.#map = new Int32Array((src.length + 1) * 2);
      this.#isTarget = new Uint8Array((src.length + 1) * 2);
    }
    const isTarget = this.#isTarget;
    isTarget.fill(0, 0, src.length + 1);
    for (let i = 0; i < src.length; i++) if (hasTarget(src.op[i])) isTarget[src.target[i]] = 1;
    out.clear();
    this.#out = out;
    this.#arch = arch;
    this.#immediateBits = arch === 'x86' ? 32 : arch === 'arm' ? ARM_IMMEDIATE_BITS : RISCV_IMMEDIATE_BITS;
    const map = this.#map;
    // For RISC-V: the operands of the last compare while its flags are still consumable.
    let compareLeft = NO_COMPARE;
    let compareRight = NO_COMPARE;
    for (let i = 0; i < src.length; i++) {
      map[i] = out.length;
      this.#first = true;
      this.#sourceAddress = src.addr[i];
      const op = src.op[i];
      if (arch === 'riscv') {
        if (op === Op.CMP || op === Op.CMPI) {
          compareLeft = src.rs1[i];
          compareRight = op === Op.CMP ? src.rs2[i] : SCRATCH;
          if (op === Op.CMPI) {
            if (src.rs1[i] === SCRATCH) throw new TranslateError(`instruction ${i}: cmp of r${SCRATCH} with an immediate`);
            this.#materialize(SCRATCH, src.imm[i]);
          }
          continue;
        }
        if (op === Op.B && src.cond[i] !== Cond.AL) {
          const afterCompare = i > 0 && (src.op[i - 1] === Op.CMP || src.op[i - 1] === Op.CMPI
            || (src.op[i - 1] === Op.B && src.cond[i - 1] !== Cond.AL));
          if (compareLeft === NO_COMPARE || !afterCompare || isTarget[i] === 1) {
            throw new TranslateError(`instruction ${i}: a conditional branch whose flags come from another block has no flag-free equivalent`);
          }
          this.#emit(Op.BR, 0, compareLeft, compareRight, src.cond[i], 0, src.target[i]);
          continue;
        }
        compareLeft = NO_COMPARE;
      }
      if (arch !== 'x86' && op === Op.MOV && i + 1 < src.length && isTarget[i + 1] === 0 && this.#fold(src, i)) {
        map[i + 1] = map[i];
        i++;
        continue;
      }
      this.#lower(src, i);
    }
    map[src.length] = out.length;
    for (let j = 0; j < out.length; j++) if (hasTarget(out.op[j])) out.target[j] = map[out.target[j]];
    return out;
  }

  /** The output index of each source instruction, valid after `legalize`. */
  outputIndex(sourceIndex: number): number {
    return this.#map[sourceIndex];
  }

  /** `mov rd, a; op rd, rd, x` -> `op rd, a, x`; returns false when the pair does not match. */
  #fold(src: Code, i: number): boolean {
    const rd = src.rd[i];
    const next = i + 1;
    const op = src.op[next];
    if (src.rd[next] !== rd || src.rs1[next] !== rd) return false;
    if (isAluRegister(op) && src.rs2[next] !== rd) {
      this.#emit(op, rd, src.rs1[i], src.rs2[next], 0, 0, 0);
      return true;
    }
    if (isAluImmediate(op) && this.#immediateFits(src.imm[next]) && src.rs1[i] !== SCRATCH) {
      this.#emit(op, rd, src.rs1[i], 0, 0, src.imm[next], 0);
      return true;
    }
    return false;
  }

  #lower(src: Code, i: number): void {
    const op = src.op[i];
    const rd = src.rd[i];
    const rs1 = src.rs1[i];
    const rs2 = src.rs2[i];
    const imm = src.imm[i];
    const arch = this.#arch;
    if (op === Op.BR && arch !== 'riscv') {
      this.#emit(Op.CMP, 0, rs1, rs2, 0, 0, 0);
      this.#emit(Op.B, 0, 0, 0, src.cond[i], 0, src.target[i]);
      return;
    }
    if (arch === 'x86') {
      if (isAluRegister(op) && rd !== rs1) {
        if (rd !== rs2) {
          this.#emit(Op.MOV, rd, rs1, 0, 0, 0, 0);
          this.#emit(op, rd, rd, rs2, 0, 0, 0);
        } else if (ALU_COMMUTATIVE[op - Op.ADD]) {
          this.#emit(op, rd, rd, rs1, 0, 0, 0);
        } else {
          this.#emit(Op.MOV, SCRATCH, rs1, 0, 0, 0, 0);
          this.#emit(op, SCRATCH, SCRATCH, rs2, 0, 0, 0);
          this.#emit(Op.MOV, rd, SCRATCH, 0, 0, 0, 0);
        }
        return;
      }
      if (isAluImmediate(op) && rd !== rs1) {
        this.#emit(Op.MOV, rd, rs1, 0, 0, 0, 0);
        this.#emit(op, rd, rd, 0, 0, imm, 0);
        return;
      }
      this.#copy(src, i);
      return;
    }
    // ARM and RISC-V: three-operand, narrow immediates.
    if (op === Op.MOVI) {
      this.#materialize(rd, imm);
      return;
    }
    const wideImmediate = !this.#immediateFits(imm);
    if (isAluImmediate(op) && wideImmediate) {
      if (rs1 === SCRATCH) throw new TranslateError(`instruction ${i}: r${SCRATCH} with a wide immediate`);
      this.#materialize(SCRATCH, imm);
      this.#emit(Op.ADD + (op - Op.ADDI), rd, rs1, SCRATCH, 0, 0, 0);
      return;
    }
    if ((op === Op.LD || op === Op.ST || op === Op.LDB || op === Op.STB) && wideImmediate) {
      if (rs1 === SCRATCH || ((op === Op.ST || op === Op.STB) && rd === SCRATCH)) {
        throw new TranslateError(`instruction ${i}: r${SCRATCH} in a memory access with a wide offset`);
      }
      this.#materialize(SCRATCH, imm);
      this.#emit(Op.ADD, SCRATCH, SCRATCH, rs1, 0, 0, 0);
      this.#emit(op, rd, SCRATCH, 0, 0, 0, 0);
      return;
    }
    if (op === Op.CMPI && wideImmediate) {
      if (rs1 === SCRATCH) throw new TranslateError(`instruction ${i}: cmp of r${SCRATCH} with a wide immediate`);
      this.#materialize(SCRATCH, imm);
      this.#emit(Op.CMP, 0, rs1, SCRATCH, 0, 0, 0);
      return;
    }
    this.#copy(src, i);
  }

  #immediateFits(value: number): boolean {
    return fitsSigned(value, this.#immediateBits);
  }

  /** `reg = value` in as few instructions as the target allows. */
  #materialize(reg: number, value: number): void {
    if (this.#immediateFits(value)) {
      this.#emit(Op.MOVI, reg, 0, 0, 0, value, 0);
      return;
    }
    const low = value & 0xffff;
    const high = value >>> 16;
    if (this.#immediateFits(low)) {
      this.#emit(Op.MOVI, reg, 0, 0, 0, low, 0);
    } else {
      // RISC-V: the low half in two bytes, since 13 signed bits hold at most 4095.
      this.#emit(Op.MOVI, reg, 0, 0, 0, low >>> 8, 0);
      this.#emit(Op.SHLI, reg, reg, 0, 0, 8, 0);
      if ((low & 0xff) !== 0) this.#emit(Op.ORI, reg, reg, 0, 0, low & 0xff, 0);
    }
    if (high !== 0) this.#emit(Op.MOVHI, reg, 0, 0, 0, high, 0);
  }

  #copy(src: Code, i: number): void {
    this.#emit(src.op[i], src.rd[i], src.rs1[i], src.rs2[i], src.cond[i], src.imm[i], src.target[i]);
  }

  /** Appends to the output; the first instruction of an expansion keeps the source address. */
  #emit(op: number, rd: number, rs1: number, rs2: number, cond: number, imm: number, target: number): void {
    this.#out.push(op, rd, rs1, rs2, cond, imm, target, this.#first ? this.#sourceAddress : -1);
    this.#first = false;
  }
}

const shared = new Legalizer();

/** One-shot legalization with a shared Legalizer (not for concurrent use; workers are single-threaded). */
export function legalize(src: Code, arch: Arch, out?: Code): Code {
  return shared.legalize(src, arch, out);
}
