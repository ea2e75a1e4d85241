/**
 * A small text assembler for guest programs, tests and fixtures. One instruction per line;
 * `;` or `#` starts a comment; `name:` defines a label; `.equ NAME value` a constant.
 *
 *   movi r1, 0x100000        movhi r1, 0x10        mov r1, r2
 *   add r1, r2, r3           add r1, r2, -5        (addi etc. also accepted)
 *   ld r1, [r2+8]            st r1, [sp]           ldb / stb the same
 *   cmp r1, r2               cmp r1, 10
 *   b loop   beq done  ...   (flag-based: eq ne lt ge le gt ltu geu)
 *   beq r1, r2, done         (fused compare-and-branch, no flags)
 *   call fib   ret   halt
 *
 * Registers are r0..r15; `sp` is r15. r12 is reserved for the translators (isa.ts SCRATCH).
 * The result is the canonical decoded form: any immediate, three-operand ALU operations;
 * legalize.ts turns it into what a given encoding can express.
 */
import { Code } from './code.ts';
import { ALU_NAMES, Cond, COND_NAMES, Op, SCRATCH, SP } from './isa.ts';

export class AssemblyError extends Error {
  override name = 'AssemblyError';
}

export interface Assembled {
  code: Code;
  /** Label -> instruction index. */
  labels: ReadonlyMap<string, number>;
}

export interface AssembleOptions {
  /** Named constants, as if defined with `.equ`. */
  constants?: Readonly<Record<string, number>>;
}

interface Pending {
  line: number;
  label: string;
  index: number;
}

const LABEL = /^[A-Za-z_.][\w.]*$/;
const MEMORY = /^\[\s*(\w+)\s*(?:([+-])\s*(\w+)\s*)?\]$/;

export function assemble(source: string, options: AssembleOptions = {}): Assembled {
  const code = new Code();
  const labels = new Map<string, number>();
  const constants = new Map<string, number>(Object.entries(options.constants ?? {}));
  const pending: Pending[] = [];

  source.split('\n').forEach((rawLine, lineIndex) => {
    const line = lineIndex + 1;
    const fail = (message: string): never => {
      throw new AssemblyError(`line ${line}: ${message}: ${rawLine.trim()}`);
    };
    let text = rawLine.replace(/[;#].*$/, '').trim();
    const labelMatch = /^([A-Za-z_.][\w.]*):/.exec(text);
    if (labelMatch) {
      if (labels.has(labelMatch[1])) fail(`label "${labelMatch[1]}" defined twice`);
      labels.set(labelMatch[1], code.length);
      text = text.slice(labelMatch[0].length).trim();
    }
    if (text === '') return;
    const space = text.search(/\s/);
    const mnemonic = (space < 0 ? text : text.slice(0, space)).toLowerCase();
    const operands = space < 0 ? [] : text.slice(space).split(',').map((part) => part.trim());

    if (mnemonic === '.equ') {
      const [name, value] = text.slice(space).trim().split(/[\s,]+/);
      if (!name || value === undefined) fail('.equ needs a name and a value');
      constants.set(name, immediate(value, constants, fail));
      return;
    }
    const count = (n: number): void => {
      if (operands.length !== n) fail(`${mnemonic} takes ${n} operand${n === 1 ? '' : 's'}`);
    };
    const reg = (operand: string): number => register(operand, fail);
    const imm = (operand: string): number => immediate(operand, constants, fail);
    const branchTo = (operand: string): number => {
      if (!LABEL.test(operand)) fail(`"${operand}" is not a label`);
      pending.push({ line, label: operand, index: code.length });
      return -1;
    };
    const emit = (op: number, rd: number, rs1: number, rs2: number, cond: number, value: number, target: number): void => {
      code.push(op, rd, rs1, rs2, cond, value, target, code.length * 4);
    };

    const aluName = mnemonic.endsWith('i') && ALU_NAMES.includes(mnemonic.slice(0, -1) as never) ? mnemonic.slice(0, -1) : mnemonic;
    const alu = ALU_NAMES.indexOf(aluName as never);
    if (alu >= 0) {
      count(3);
      if (isRegister(operands[2])) {
        if (aluName !== mnemonic) fail(`${mnemonic} takes an immediate`);
        emit(Op.ADD + alu, reg(operands[0]), reg(operands[1]), reg(operands[2]), 0, 0, 0);
      } else {
        emit(Op.ADDI + alu, reg(operands[0]), reg(operands[1]), 0, 0, imm(operands[2]), 0);
      }
      return;
    }
    const branchCond = mnemonic === 'b' ? Cond.AL : mnemonic.startsWith('b') ? COND_NAMES.indexOf(mnemonic.slice(1) as never) : -1;
    if (branchCond >= 0 && !(branchCond === Cond.AL && mnemonic !== 'b')) {
      if (operands.length === 3) {
        if (branchCond === Cond.AL) fail('a fused branch needs a condition');
        emit(Op.BR, 0, reg(operands[0]), reg(operands[1]), branchCond, 0, branchTo(operands[2]));
      } else {
        count(1);
        emit(Op.B, 0, 0, 0, branchCond, 0, branchTo(operands[0]));
      }
      return;
    }
    switch (mnemonic) {
      case 'halt': count(0); emit(Op.HALT, 0, 0, 0, 0, 0, 0); return;
      case 'ret': count(0); emit(Op.RET, 0, 0, 0, 0, 0, 0); return;
      case 'call': count(1); emit(Op.CALL, 0, 0, 0, 0, 0, branchTo(operands[0])); return;
      case 'mov': count(2); emit(Op.MOV, reg(operands[0]), reg(operands[1]), 0, 0, 0, 0); return;
      case 'movi': count(2); emit(Op.MOVI, reg(operands[0]), 0, 0, 0, imm(operands[1]), 0); return;
      case 'movhi': {
        count(2);
        const value = imm(operands[1]);
        if (!(value >= 0 && value <= 0xffff)) fail('movhi takes a 16-bit immediate');
        emit(Op.MOVHI, reg(operands[0]), 0, 0, 0, value, 0);
        return;
      }
      case 'cmp':
        count(2);
        if (isRegister(operands[1])) emit(Op.CMP, 0, reg(operands[0]), reg(operands[1]), 0, 0, 0);
        else emit(Op.CMPI, 0, reg(operands[0]), 0, 0, imm(operands[1]), 0);
        return;
      case 'ld': case 'st': case 'ldb': case 'stb': {
        count(2);
        const match = MEMORY.exec(operands[1]);
        if (!match) fail('expected a memory operand like [r1+8]');
        const base = reg(match![1]);
        const offset = match![3] === undefined ? 0 : imm(match![3]) * (match![2] === '-' ? -1 : 1);
        const op = { ld: Op.LD, st: Op.ST, ldb: Op.LDB, stb: Op.STB }[mnemonic];
        emit(op, reg(operands[0]), base, 0, 0, offset | 0, 0);
        return;
      }
      default: fail(`unknown mnemonic "${mnemonic}"`);
    }
  });

  for (const { line, label, index } of pending) {
    const target = labels.get(label);
    if (target === undefined) throw new AssemblyError(`line ${line}: undefined label "${label}"`);
    if (target >= code.length) throw new AssemblyError(`line ${line}: label "${label}" is past the last instruction`);
    code.target[index] = target;
  }
  return { code, labels };
}

function isRegister(operand: string): boolean {
  return /^(r\d+|sp)$/i.test(operand);
}

function register(operand: string, fail: (message: string) => never): number {
  const lower = operand.toLowerCase();
  if (lower === 'sp') return SP;
  const match = /^r(\d+)$/.exec(lower);
  if (!match || Number(match[1]) > 15) return fail(`"${operand}" is not a register (r0..r15, sp)`);
  if (Number(match[1]) === SCRATCH) return fail(`r${SCRATCH} is reserved for the translators`);
  return Number(match[1]);
}

function immediate(operand: string, constants: ReadonlyMap<string, number>, fail: (message: string) => never): number {
  const match = /^([A-Za-z_][\w]*)\s*([+-])\s*(\w+)$/.exec(operand);
  if (match && constants.has(match[1])) {
    const offset = immediate(match[3], constants, fail);
    return (constants.get(match[1])! + (match[2] === '-' ? -offset : offset)) | 0;
  }
  if (constants.has(operand)) return constants.get(operand)! | 0;
  if (operand.startsWith('-') && operand.length > 1) return -immediate(operand.slice(1), constants, fail) | 0;
  const value = Number(operand);
  if (operand === '' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) {
    return fail(`"${operand}" is not a 32-bit integer or a known constant`);
  }
  return value | 0;
}
