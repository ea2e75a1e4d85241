/**
 * The ahead-of-time compiler: a whole guest program -> one JavaScript source, the "image".
 * Each guest function (the entry and every call target) becomes one JavaScript function
 * holding all the blocks it reaches, as cases of a `switch` in a loop, with fall-through
 * where a block's successor is the next case. A guest call is a JavaScript call (after
 * pushing the guest return address, so guest memory stays exactly as the interpreter
 * leaves it); the callee's RET hands the popped address back and the caller checks it.
 *
 * One optimization a block-at-a-time JIT cannot do: the registers a function uses live in
 * JavaScript locals, which V8 keeps in machine registers, and go back to the register file
 * only around calls and at return or halt. A guest that faults mid-function leaves the
 * register file stale (memory is always current); a guest that returns to an address other
 * than its caller's return point is rejected (static AOT needs a well-behaved call ABI).
 */
import { conditionSource, straightLineSource } from './block-compiler.ts';
import type { Executable } from './executable.ts';
import type { GuestMemory } from './guest-memory.ts';
import { Cond, Field, isControlTransfer, Op, OPERANDS, SP } from './isa.ts';
import { HALTED } from './machine.ts';

export interface GuestFunction {
  /** Instruction index of the function's entry. */
  entry: number;
  /** Leaders of the blocks it reaches, ascending. */
  blocks: number[];
  /** Registers its instructions use (SP always). */
  registers: number[];
}

/** The guest functions of a program: the entry and every call target, with the blocks each reaches. */
export function findFunctions(exe: Executable): GuestFunction[] {
  const { op, cond, target } = exe.code;
  const entries = new Set<number>([0]);
  for (let i = 0; i < exe.code.length; i++) if (op[i] === Op.CALL) entries.add(target[i]);
  return [...entries].sort((a, b) => a - b).map((entry) => {
    const seen = new Set<number>([entry]);
    const work = [entry];
    const used = new Set<number>([SP]);
    while (work.length > 0) {
      const leader = work.pop()!;
      const end = exe.blockEnd[leader];
      for (let i = leader; i < end; i++) {
        const fields = OPERANDS[op[i]];
        if (fields & Field.RD) used.add(exe.code.rd[i]);
        if (fields & Field.RS1) used.add(exe.code.rs1[i]);
        if (fields & Field.RS2) used.add(exe.code.rs2[i]);
      }
      const last = end - 1;
      const successors: number[] = [];
      switch (op[last]) {
        case Op.B: successors.push(target[last]); if (cond[last] !== Cond.AL) successors.push(end); break;
        case Op.BR: successors.push(target[last], end); break;
        case Op.CALL: successors.push(end); break;
        case Op.RET: case Op.HALT: break;
        default: successors.push(end);
      }
      for (const next of successors) {
        if (next < exe.code.length && !seen.has(next)) {
          seen.add(next);
          work.push(next);
        }
      }
    }
    return { entry, blocks: [...seen].sort((a, b) => a - b), registers: [...used].sort((a, b) => a - b) };
  });
}

export const functionName = (entry: number): string => `g${entry}`;
const local = (n: number): string => `r${n}`;

/** JavaScript source of one guest function (a function declaration). */
export function functionSource(exe: Executable, fn: GuestFunction, tag = ''): string {
  const { op, cond, rs1, rs2, target, addr } = exe.code;
  const registers = fn.registers;
  const writeBack = `${registers.map((n) => `r[${n}] = ${local(n)};`).join(' ')} f[0] = f0; f[1] = f1;`;
  const reload = `${registers.map((n) => `${local(n)} = r[${n}];`).join(' ')} f0 = f[0]; f1 = f[1];`;
  const lines: string[] = [
    `function ${functionName(fn.entry)}(r, f, m) { // guest function at 0x${addr[fn.entry].toString(16)}${tag}`,
    `  let ${registers.map((n) => `${local(n)} = r[${n}]`).join(', ')}, f0 = f[0], f1 = f[1];`,
    `  let b = ${fn.entry};`,
    '  for (;;) {',
    '    switch (b) {',
  ];
  const jump = (to: number, nextCase: number | undefined): string => (to === nextCase ? '' : `b = ${to}; continue;`);
  fn.blocks.forEach((leader, k) => {
    const nextCase = fn.blocks[k + 1];
    const end = exe.blockEnd[leader];
    lines.push(`      case ${leader}:`);
    for (let i = leader; i < end; i++) {
      let line: string;
      switch (op[i]) {
        case Op.HALT: line = `${writeBack} return ${HALTED};`; break;
        case Op.B:
          line = cond[i] === Cond.AL
            ? `b = ${target[i]}; continue;`
            : `if (${conditionSource(cond[i], 'f0', 'f1')}) { b = ${target[i]}; continue; } ${jump(i + 1, nextCase)}`;
          break;
        case Op.BR:
          line = `if (${conditionSource(cond[i], local(rs1[i]), local(rs2[i]))}) { b = ${target[i]}; continue; } ${jump(i + 1, nextCase)}`;
          break;
        case Op.CALL: {
          const returnAddress = addr[i + 1];
          line = [
            `r${SP} = (r${SP} - 4) | 0; m.st32(r${SP}, ${returnAddress});`,
            writeBack,
            `{ const ra = ${functionName(target[i])}(r, f, m);`,
            `if (ra !== ${returnAddress}) return ra === ${HALTED} ? ${HALTED} : badReturn(ra); }`,
            reload,
            jump(i + 1, nextCase),
          ].join(' ');
          break;
        }
        case Op.RET:
          line = `{ const a = m.ld32(r${SP}); r${SP} = (r${SP} + 4) | 0; ${writeBack} return a; }`;
          break;
        default: line = straightLineSource(exe, i, local, 'f0', 'f1');
      }
      lines.push(`        ${line}`);
    }
    if (!isControlTransfer(op[end - 1])) {
      const tail = jump(end, nextCase);
      if (tail !== '') lines.push(`        ${tail}`);
    }
  });
  lines.push(`      default: throw new RangeError('guest function ${fn.entry}: no block ' + b);`, '    }', '  }', '}');
  return lines.join('\n');
}

/**
 * The image: a script whose completion value is a factory `(badReturn) => entry`, where
 * `entry(r, f, m)` runs the program from instruction 0 and returns HALTED when it halts.
 */
export function imageSource(exe: Executable, tag = ''): string {
  const functions = findFunctions(exe);
  return [
    `(function (badReturn) { // vmsoak AOT image, ${functions.length} guest functions${tag}`,
    "'use strict';",
    ...functions.map((fn) => functionSource(exe, fn)),
    `return ${functionName(0)};`,
    '})',
  ].join('\n');
}

/** The image's entry: runs the program from instruction 0, returns HALTED when it halts. */
export type AotEntry = (r: Int32Array, f: Int32Array, m: GuestMemory) => number;
