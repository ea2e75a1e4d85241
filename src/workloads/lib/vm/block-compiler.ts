/**
 * The JIT's code generator: one guest basic block -> JavaScript source -> a function, via
 * `new Function`, which V8 then compiles to bytecode and, when the block stays hot, to
 * machine code. A compiled block takes the machine state, runs the block's instructions
 * and returns the index of the next block (HALTED after HALT, BAD_RETURN for a return to
 * a non-instruction). Registers stay in the Int32Array, so each store wraps to int32 like
 * the interpreter's; memory goes through the same GuestMemory (MMU and TLB).
 *
 * Every compile gets a serial number in a comment. V8 caches `new Function` by source
 * text, and two blocks with the same instructions at different addresses (or a block
 * recompiled after eviction) must each be compiled for real, as a JIT would.
 */
import type { Executable } from './executable.ts';
import { BAD_RETURN } from './executable.ts';
import type { GuestMemory } from './guest-memory.ts';
import { Cond, isControlTransfer, Op, SP } from './isa.ts';
import { HALTED } from './machine.ts';

/** A compiled block: (registers, flags, memory, address index) -> next instruction index. */
export type CompiledBlock = (r: Int32Array, f: Int32Array, m: GuestMemory, x: Int32Array) => number;

/** The JavaScript test of a condition on two int32 expressions. */
export function conditionSource(cond: number, a: string, b: string): string {
  switch (cond) {
    case Cond.AL: return 'true';
    case Cond.EQ: return `${a} === ${b}`;
    case Cond.NE: return `${a} !== ${b}`;
    case Cond.LT: return `${a} < ${b}`;
    case Cond.GE: return `${a} >= ${b}`;
    case Cond.LE: return `${a} <= ${b}`;
    case Cond.GT: return `${a} > ${b}`;
    case Cond.LTU: return `(${a} >>> 0) < (${b} >>> 0)`;
    default: return `(${a} >>> 0) >= (${b} >>> 0)`;
  }
}

const ALU_SOURCE = ['+', '-', '*', '&', '|', '^', '<<', '>>>', '>>'];

/** `dest = a <alu> b` as JavaScript on int32 operands; `dest` must be an int32 store or `| 0`-ed by the caller. */
export function aluSource(alu: number, a: string, b: string): string {
  return alu === 2 ? `Math.imul(${a}, ${b})` : `${a} ${ALU_SOURCE[alu]} ${b}`;
}

/**
 * The statements of the straight-line instruction `i` (not a control transfer), reading
 * and writing registers through `reg(n)` (an lvalue and rvalue of an int32 slot) and flags
 * through `flag0`/`flag1`.
 */
export function straightLineSource(exe: Executable, i: number, reg: (n: number) => string, flag0: string, flag1: string): string {
  const { op, rd, rs1, rs2, imm } = exe.code;
  const o = op[i];
  const d = reg(rd[i]);
  const a = reg(rs1[i]);
  switch (o) {
    case Op.MOVI: return `${d} = ${imm[i]};`;
    case Op.MOVHI: return `${d} = ${(imm[i] << 16)} | (${d} & 0xffff);`;
    case Op.MOV: return `${d} = ${a};`;
    case Op.LD: return `${d} = m.ld32((${a} + ${imm[i]}) | 0);`;
    case Op.ST: return `m.st32((${a} + ${imm[i]}) | 0, ${d});`;
    case Op.LDB: return `${d} = m.ld8((${a} + ${imm[i]}) | 0);`;
    case Op.STB: return `m.st8((${a} + ${imm[i]}) | 0, ${d});`;
    case Op.CMP: return `${flag0} = ${a}; ${flag1} = ${reg(rs2[i])};`;
    case Op.CMPI: return `${flag0} = ${a}; ${flag1} = ${imm[i]};`;
    default:
      if (o >= Op.ADD && o <= Op.SAR) return `${d} = (${aluSource(o - Op.ADD, a, reg(rs2[i]))}) | 0;`;
      if (o >= Op.ADDI && o <= Op.SARI) return `${d} = (${aluSource(o - Op.ADDI, a, String(imm[i]))}) | 0;`;
      throw new RangeError(`instruction ${i}: opcode ${o} is not straight-line`);
  }
}

const arrayRegister = (n: number): string => `r[${n}]`;

let serial = 0;

/** JavaScript source of the function body for the block starting at `leader`. */
export function blockSource(exe: Executable, leader: number): string {
  const { op, rs1, rs2, cond, target, addr } = exe.code;
  const end = exe.blockEnd[leader];
  const lines = [`'use strict'; // guest block 0x${addr[leader].toString(16)} #${++serial}`];
  for (let i = leader; i < end; i++) {
    switch (op[i]) {
      case Op.HALT: lines.push(`return ${HALTED};`); break;
      case Op.B:
        lines.push(cond[i] === Cond.AL ? `return ${target[i]};` : `return ${conditionSource(cond[i], 'f[0]', 'f[1]')} ? ${target[i]} : ${i + 1};`);
        break;
      case Op.BR: lines.push(`return ${conditionSource(cond[i], `r[${rs1[i]}]`, `r[${rs2[i]}]`)} ? ${target[i]} : ${i + 1};`); break;
      case Op.CALL:
        lines.push(`r[${SP}] = (r[${SP}] - 4) | 0; m.st32(r[${SP}], ${addr[i + 1]}); return ${target[i]};`);
        break;
      case Op.RET:
        lines.push(`const a = m.ld32(r[${SP}]); r[${SP}] = (r[${SP}] + 4) | 0;`);
        lines.push(`return a >= 0 && a < x.length ? x[a] : ${BAD_RETURN};`);
        break;
      default: lines.push(straightLineSource(exe, i, arrayRegister, 'f[0]', 'f[1]'));
    }
  }
  if (!isControlTransfer(op[end - 1])) {
    lines.push(`return ${end};`);
  }
  return lines.join('\n');
}

/** Compiles the block at `leader` into a function. */
export function compileBlock(exe: Executable, leader: number): CompiledBlock {
  return new Function('r', 'f', 'm', 'x', blockSource(exe, leader)) as CompiledBlock;
}
