import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble, AssemblyError } from '../../../src/workloads/lib/vm/assembler.ts';
import { Cond, Op, SP } from '../../../src/workloads/lib/vm/isa.ts';

describe('guest assembler', () => {
  it('assembles every operand form into the decoded instruction fields', () => {
    const { code, labels } = assemble(`
      .equ BASE 0x100000
      start:  movi r1, BASE+8      ; a constant with an offset
              movhi r2, 0xffff
              add r3, r1, r2
              xor r3, r3, -1
              ld r4, [sp+8]
              stb r4, [r1-3]
              cmp r4, 10
              bltu start
              bge r1, r2, start   # fused
              call start
              ret
              halt`);
    assert.equal(labels.get('start'), 0);
    assert.deepEqual(code.toInstructions(), [
      { op: Op.MOVI, rd: 1, rs1: 0, rs2: 0, cond: 0, imm: 0x100008, target: 0 },
      { op: Op.MOVHI, rd: 2, rs1: 0, rs2: 0, cond: 0, imm: 0xffff, target: 0 },
      { op: Op.ADD, rd: 3, rs1: 1, rs2: 2, cond: 0, imm: 0, target: 0 },
      { op: Op.XORI, rd: 3, rs1: 3, rs2: 0, cond: 0, imm: -1, target: 0 },
      { op: Op.LD, rd: 4, rs1: SP, rs2: 0, cond: 0, imm: 8, target: 0 },
      { op: Op.STB, rd: 4, rs1: 1, rs2: 0, cond: 0, imm: -3, target: 0 },
      { op: Op.CMPI, rd: 0, rs1: 4, rs2: 0, cond: 0, imm: 10, target: 0 },
      { op: Op.B, rd: 0, rs1: 0, rs2: 0, cond: Cond.LTU, imm: 0, target: 0 },
      { op: Op.BR, rd: 0, rs1: 1, rs2: 2, cond: Cond.GE, imm: 0, target: 0 },
      { op: Op.CALL, rd: 0, rs1: 0, rs2: 0, cond: 0, imm: 0, target: 0 },
      { op: Op.RET, rd: 0, rs1: 0, rs2: 0, cond: 0, imm: 0, target: 0 },
      { op: Op.HALT, rd: 0, rs1: 0, rs2: 0, cond: 0, imm: 0, target: 0 },
    ]);
  });

  it('reports mistakes with their line', () => {
    const cases: [string, RegExp][] = [
      ['halt\nfrob r1', /line 2: unknown mnemonic "frob"/],
      ['b nowhere', /undefined label "nowhere"/],
      ['mov r12, r1', /r12 is reserved/],
      ['add r1, r2', /add takes 3 operands/],
      ['movi r1, 0x1ffffffff', /not a 32-bit integer/],
      ['ld r1, r2', /memory operand/],
      ['x:\nx:\nhalt', /defined twice/],
    ];
    for (const [source, message] of cases) {
      assert.throws(() => assemble(source), (error: Error) => error instanceof AssemblyError && message.test(error.message), source);
    }
  });
});
