/**
 * fast-check generators of guest code: instructions an encoding can express (for the
 * encode/decode round trips), and small random programs that terminate and touch only
 * mapped memory (for the legalize/translate/execute equivalences).
 */
import fc from 'fast-check';
import type { Instruction } from '../../../src/workloads/lib/vm/code.ts';
import type { Arch } from '../../../src/workloads/lib/vm/encoding.ts';
import { ALU_COUNT, COND_COUNT, Cond, Field, Op, OPCODE_COUNT, OPERANDS } from '../../../src/workloads/lib/vm/isa.ts';

const INT32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

function immediateFor(arch: Arch): fc.Arbitrary<number> {
  if (arch === 'x86') return fc.oneof(fc.integer({ min: -128, max: 127 }), INT32);
  const bits = arch === 'arm' ? 18 : 13;
  return fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
}

function legalOps(arch: Arch): number[] {
  const ops: number[] = [];
  for (let op = 0; op < OPCODE_COUNT; op++) {
    if (arch !== 'riscv' && op === Op.BR) continue;
    if (arch === 'riscv' && (op === Op.CMP || op === Op.CMPI)) continue;
    ops.push(op);
  }
  return ops;
}

/** One instruction `arch` can encode, in a program of `length` instructions; unused fields are 0. */
export function encodableInstruction(arch: Arch, length: number): fc.Arbitrary<Instruction> {
  const register = fc.integer({ min: 0, max: 15 });
  return fc.record({
    op: fc.constantFrom(...legalOps(arch)),
    rd: register,
    rs1: register,
    rs2: register,
    cond: fc.integer({ min: 1, max: COND_COUNT - 1 }),
    imm: immediateFor(arch),
    imm16: fc.integer({ min: 0, max: 0xffff }),
    target: fc.integer({ min: 0, max: length - 1 }),
    jump: fc.boolean(),
  }).map((raw) => {
    const fields = OPERANDS[raw.op];
    const ins: Instruction = {
      op: raw.op,
      rd: fields & Field.RD ? raw.rd : 0,
      rs1: fields & Field.RS1 ? raw.rs1 : 0,
      rs2: fields & Field.RS2 ? raw.rs2 : 0,
      cond: fields & Field.COND ? raw.cond : 0,
      imm: raw.op === Op.MOVHI ? raw.imm16 : fields & Field.IMM ? raw.imm : 0,
      target: fields & Field.TARGET ? raw.target : 0,
    };
    // x86-style ALU operations are two-operand.
    if (arch === 'x86' && ((raw.op >= Op.ADD && raw.op <= Op.SAR) || (raw.op >= Op.ADDI && raw.op <= Op.SARI))) ins.rs1 = ins.rd;
    // B may be unconditional; on RISC-V it must be (conditions need the fused form).
    if (raw.op === Op.B && (arch === 'riscv' || raw.jump)) ins.cond = Cond.AL;
    return ins;
  });
}

/** A program of 1..64 instructions `arch` can encode (not necessarily a sensible one). */
export function encodableProgram(arch: Arch): fc.Arbitrary<Instruction[]> {
  return fc.integer({ min: 1, max: 64 }).chain((length) => fc.array(encodableInstruction(arch, length), { minLength: length, maxLength: length }));
}

/** Registers random programs may use: not the scratch register, not sp, not the base r13. */
const DATA_REGISTERS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14];
export const BASE_REGISTER = 13;
/** Memory random programs touch: BASE_REGISTER + [0, WINDOW). */
export const WINDOW = 8192;

const ALU_IMMEDIATE = fc.oneof(fc.integer({ min: -40, max: 40 }), INT32, fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 0, max: 300000 }));

type Step = { kind: 'alu' | 'alui' | 'movi' | 'mov' | 'load' | 'store' | 'cmp-branch' | 'fused-branch'; a: number; b: number; c: number; alu: number; imm: number; offset: number; cond: number; skip: number; byte: boolean };

/**
 * Canonical assembler source of a random terminating program: ALU work on random values,
 * loads and stores within a window at r13 (wide offsets included), forward branches of both
 * styles, then halt. Every register starts at a known value.
 */
export const randomProgramSource: fc.Arbitrary<string> = fc.array(fc.record({
  kind: fc.constantFrom('alu', 'alui', 'movi', 'mov', 'load', 'store', 'cmp-branch', 'fused-branch'),
  a: fc.constantFrom(...DATA_REGISTERS),
  b: fc.constantFrom(...DATA_REGISTERS),
  c: fc.constantFrom(...DATA_REGISTERS),
  alu: fc.integer({ min: 0, max: ALU_COUNT - 1 }),
  imm: ALU_IMMEDIATE,
  offset: fc.integer({ min: 0, max: WINDOW / 4 - 1 }),
  cond: fc.integer({ min: 1, max: COND_COUNT - 1 }),
  skip: fc.integer({ min: 0, max: 4 }),
  byte: fc.boolean(),
}), { minLength: 1, maxLength: 60 }).map((steps: Step[]) => {
  const names = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar'];
  const conds = ['', 'eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu'];
  const lines = [`  movi r${BASE_REGISTER}, 0x100000`];
  DATA_REGISTERS.forEach((r, k) => lines.push(`  movi r${r}, ${(k * 0x9e3779b1) | 0}`));
  steps.forEach((step, k) => {
    lines.push(`s${k}:`);
    const reg = (n: number): string => `r${n}`;
    switch (step.kind) {
      case 'alu': lines.push(`  ${names[step.alu]} ${reg(step.a)}, ${reg(step.b)}, ${reg(step.c)}`); break;
      case 'alui': lines.push(`  ${names[step.alu]} ${reg(step.a)}, ${reg(step.b)}, ${step.imm}`); break;
      case 'movi': lines.push(`  movi ${reg(step.a)}, ${step.imm}`); break;
      case 'mov': lines.push(`  mov ${reg(step.a)}, ${reg(step.b)}`); break;
      case 'load': lines.push(`  ${step.byte ? 'ldb' : 'ld'} ${reg(step.a)}, [r${BASE_REGISTER}+${step.offset * 4 + (step.byte ? step.offset % 4 : 0)}]`); break;
      case 'store': lines.push(`  ${step.byte ? 'stb' : 'st'} ${reg(step.a)}, [r${BASE_REGISTER}+${step.offset * 4}]`); break;
      case 'cmp-branch':
        lines.push(step.byte ? `  cmp ${reg(step.a)}, ${step.imm}` : `  cmp ${reg(step.a)}, ${reg(step.b)}`);
        lines.push(`  b${conds[step.cond]} s${Math.min(steps.length, k + 1 + step.skip)}`);
        break;
      case 'fused-branch': lines.push(`  b${conds[step.cond]} ${reg(step.a)}, ${reg(step.b)}, s${Math.min(steps.length, k + 1 + step.skip)}`); break;
    }
  });
  lines.push(`s${steps.length}:`, '  halt');
  return lines.join('\n');
});

