/**
 * The interpreter: a switch over decoded instructions, registers in an Int32Array (so every
 * result wraps to int32 as the hardware's would), memory through the MMU. It runs until HALT,
 * until `maxInstructions` have retired, or, with `stopAtLeaders`, until control reaches the
 * start of a basic block, which is how the tiered engine interprets one block at a time.
 */
import type { Executable } from './executable.ts';
import { BAD_RETURN } from './executable.ts';
import { conditionHolds, GuestFault, Op, SP } from './isa.ts';
import { HALTED, type GuestMachine } from './machine.ts';

/**
 * Executes from `machine.pc` and leaves the next index in `machine.pc` (HALTED after HALT).
 * Returns the number of instructions retired, which it also adds to `machine.retired`.
 */
export function interpret(machine: GuestMachine, exe: Executable, maxInstructions: number, stopAtLeaders: boolean): number {
  const { op, rd, rs1, rs2, cond, imm, target, addr } = exe.code;
  const r = machine.regs;
  const f = machine.flags;
  const memory = machine.memory;
  const leader = exe.leader;
  let pc = machine.pc;
  let n = 0;
  while (n < maxInstructions && pc >= 0) {
    n++;
    switch (op[pc]) {
      case Op.HALT: pc = HALTED; break;
      case Op.MOVI: r[rd[pc]] = imm[pc]; pc++; break;
      case Op.MOVHI: r[rd[pc]] = (imm[pc] << 16) | (r[rd[pc]] & 0xffff); pc++; break;
      case Op.MOV: r[rd[pc]] = r[rs1[pc]]; pc++; break;
      case Op.ADD: r[rd[pc]] = r[rs1[pc]] + r[rs2[pc]]; pc++; break;
      case Op.SUB: r[rd[pc]] = r[rs1[pc]] - r[rs2[pc]]; pc++; break;
      case Op.MUL: r[rd[pc]] = Math.imul(r[rs1[pc]], r[rs2[pc]]); pc++; break;
      case Op.AND: r[rd[pc]] = r[rs1[pc]] & r[rs2[pc]]; pc++; break;
      case Op.OR: r[rd[pc]] = r[rs1[pc]] | r[rs2[pc]]; pc++; break;
      case Op.XOR: r[rd[pc]] = r[rs1[pc]] ^ r[rs2[pc]]; pc++; break;
      case Op.SHL: r[rd[pc]] = r[rs1[pc]] << r[rs2[pc]]; pc++; break;
      case Op.SHR: r[rd[pc]] = r[rs1[pc]] >>> r[rs2[pc]]; pc++; break;
      case Op.SAR: r[rd[pc]] = r[rs1[pc]] >> r[rs2[pc]]; pc++; break;
      case Op.ADDI: r[rd[pc]] = r[rs1[pc]] + imm[pc]; pc++; break;
      case Op.SUBI: r[rd[pc]] = r[rs1[pc]] - imm[pc]; pc++; break;
      case Op.MULI: r[rd[pc]] = Math.imul(r[rs1[pc]], imm[pc]); pc++; break;
      case Op.ANDI: r[rd[pc]] = r[rs1[pc]] & imm[pc]; pc++; break;
      case Op.ORI: r[rd[pc]] = r[rs1[pc]] | imm[pc]; pc++; break;
      case Op.XORI: r[rd[pc]] = r[rs1[pc]] ^ imm[pc]; pc++; break;
      case Op.SHLI: r[rd[pc]] = r[rs1[pc]] << imm[pc]; pc++; break;
      case Op.SHRI: r[rd[pc]] = r[rs1[pc]] >>> imm[pc]; pc++; break;
      case Op.SARI: r[rd[pc]] = r[rs1[pc]] >> imm[pc]; pc++; break;
      case Op.LD: r[rd[pc]] = memory.ld32((r[rs1[pc]] + imm[pc]) | 0); pc++; break;
      case Op.ST: memory.st32((r[rs1[pc]] + imm[pc]) | 0, r[rd[pc]]); pc++; break;
      case Op.LDB: r[rd[pc]] = memory.ld8((r[rs1[pc]] + imm[pc]) | 0); pc++; break;
      case Op.STB: memory.st8((r[rs1[pc]] + imm[pc]) | 0, r[rd[pc]]); pc++; break;
      case Op.CMP: f[0] = r[rs1[pc]]; f[1] = r[rs2[pc]]; pc++; break;
      case Op.CMPI: f[0] = r[rs1[pc]]; f[1] = imm[pc]; pc++; break;
      case Op.B: pc = conditionHolds(cond[pc], f[0], f[1]) ? target[pc] : pc + 1; break;
      case Op.BR: pc = conditionHolds(cond[pc], r[rs1[pc]], r[rs2[pc]]) ? target[pc] : pc + 1; break;
      case Op.CALL:
        r[SP] = r[SP] - 4;
        memory.st32(r[SP], addr[pc + 1]);
        pc = target[pc];
        break;
      case Op.RET: {
        const address = memory.ld32(r[SP]);
        r[SP] = r[SP] + 4;
        pc = exe.indexOf(address);
        if (pc === BAD_RETURN) {
          machine.pc = pc;
          throw new GuestFault(`return to 0x${(address >>> 0).toString(16)}, which is not an instruction`);
        }
        break;
      }
      default: throw new GuestFault(`unknown opcode ${op[pc]} at instruction ${pc}`);
    }
    if (stopAtLeaders && pc >= 0 && leader[pc] === 1) break;
  }
  machine.pc = pc;
  machine.retired[0] += n;
  return n;
}

/** Runs to HALT; throws when the program has not halted after `maxInstructions`. */
export function runToHalt(machine: GuestMachine, exe: Executable, maxInstructions = 1e9): number {
  const n = interpret(machine, exe, maxInstructions, false);
  if (machine.pc !== HALTED) throw new GuestFault(`no halt after ${maxInstructions} instructions`);
  return n;
}
