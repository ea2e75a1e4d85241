import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteBuffer, DecodeError, EncodeError } from '../../../src/workloads/lib/vm/binary.ts';
import { Code, type Instruction } from '../../../src/workloads/lib/vm/code.ts';
import { ARCHES, type Arch } from '../../../src/workloads/lib/vm/encoding.ts';
import { ENCODINGS } from '../../../src/workloads/lib/vm/encodings.ts';
import { Cond, Op } from '../../../src/workloads/lib/vm/isa.ts';
import { encodableProgram } from './arbitraries.ts';

function encode(code: Code, arch: Arch): Uint8Array {
  const out = new ByteBuffer(16);
  ENCODINGS[arch].encode(code, out);
  return out.bytes();
}

function decode(bytes: Uint8Array, arch: Arch): Code {
  const code = new Code();
  ENCODINGS[arch].decode(bytes, bytes.length, code);
  return code;
}

describe('guest encodings', () => {
  for (const arch of ARCHES) {
    it(`${arch}: random programs encode -> decode -> encode back to the same instructions and bytes`, () => {
      fc.assert(fc.property(encodableProgram(arch), (instructions) => {
        const bytes = encode(Code.fromInstructions(instructions), arch);
        const decoded = decode(bytes, arch);
        assert.deepEqual(decoded.toInstructions(), instructions);
        assert.deepEqual(encode(decoded, arch), bytes);
      }), { numRuns: 300 });
    });

    it(`${arch}: decoding a truncated program fails with a DecodeError, never a wrong program`, () => {
      fc.assert(fc.property(encodableProgram(arch), fc.nat(), (instructions, cut) => {
        const bytes = encode(Code.fromInstructions(instructions), arch);
        const length = cut % bytes.length;
        try {
          const partial = decode(bytes.subarray(0, length), arch);
          // Whatever decoded is a prefix of the original instructions (targets may differ only if they pointed past the cut, which must fail).
          assert.deepEqual(partial.toInstructions(), instructions.slice(0, partial.length));
        } catch (error) {
          assert.ok(error instanceof DecodeError, String(error));
        }
      }), { numRuns: 200 });
    });
  }

  it('x86-style instructions are 1 to 7 bytes; the fixed encodings 4', () => {
    const program = Code.fromInstructions([
      { op: Op.MOVI, rd: 1, rs1: 0, rs2: 0, cond: 0, imm: 5, target: 0 },
      { op: Op.MOVI, rd: 1, rs1: 0, rs2: 0, cond: 0, imm: 500_000, target: 0 },
      { op: Op.LD, rd: 2, rs1: 1, rs2: 0, cond: 0, imm: 100_000, target: 0 },
      { op: Op.HALT, rd: 0, rs1: 0, rs2: 0, cond: 0, imm: 0, target: 0 },
    ]);
    assert.equal(encode(program, 'x86').length, 3 + 6 + 7 + 1);
    program.imm[1] = 4000;
    program.imm[2] = 1000;
    assert.equal(encode(program, 'arm').length, 16);
    assert.equal(encode(program, 'riscv').length, 16);
  });

  it('x86-style branches relax from rel8 to rel32 only when the target is out of reach', () => {
    const far = (padding: number): Code => {
      const list: Instruction[] = [{ op: Op.B, rd: 0, rs1: 0, rs2: 0, cond: Cond.EQ, imm: 0, target: padding + 1 }];
      for (let k = 0; k < padding; k++) list.push({ op: Op.MOV, rd: 1, rs1: 2, rs2: 0, cond: 0, imm: 0, target: 0 });
      list.push({ op: Op.HALT, rd: 0, rs1: 0, rs2: 0, cond: 0, imm: 0, target: 0 });
      return Code.fromInstructions(list);
    };
    // 63 two-byte MOVs = 126 bytes: a rel8 reaches; 64 (128 bytes) do not.
    assert.equal(encode(far(63), 'x86')[0], 0x74);
    const long = encode(far(64), 'x86');
    assert.deepEqual([long[0], long[1]], [0x0f, 0x84]);
    assert.equal(decode(long, 'x86').target[0], 65);
  });

  it('each encoding refuses what it cannot express, naming the reason', () => {
    const br = Code.fromInstructions([{ op: Op.BR, rd: 0, rs1: 1, rs2: 2, cond: Cond.LT, imm: 0, target: 0 }]);
    assert.throws(() => encode(br, 'x86'), (error: Error) => error instanceof EncodeError && /fused/.test(error.message));
    assert.throws(() => encode(br, 'arm'), EncodeError);
    const threeOperand = Code.fromInstructions([{ op: Op.ADD, rd: 1, rs1: 2, rs2: 3, cond: 0, imm: 0, target: 0 }]);
    assert.throws(() => encode(threeOperand, 'x86'), /two-operand/);
    const wide = Code.fromInstructions([{ op: Op.ADDI, rd: 1, rs1: 1, rs2: 0, cond: 0, imm: 1 << 20, target: 0 }]);
    assert.throws(() => encode(wide, 'arm'), /18 signed bits/);
    assert.throws(() => encode(wide, 'riscv'), /13 signed bits/);
    const cmp = Code.fromInstructions([{ op: Op.CMP, rd: 0, rs1: 1, rs2: 2, cond: 0, imm: 0, target: 0 }]);
    assert.throws(() => encode(cmp, 'riscv'), /no flags/);
  });

  it('decoders reject unknown opcodes and branches into the middle of an instruction', () => {
    assert.throws(() => decode(Uint8Array.of(0x06), 'x86'), DecodeError);
    assert.throws(() => decode(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 'arm'), DecodeError);
    assert.throws(() => decode(Uint8Array.of(0x7f, 0, 0, 0), 'riscv'), DecodeError);
    // jmp +1 lands inside the following 3-byte movi.
    assert.throws(() => decode(Uint8Array.of(0xeb, 0x01, 0xc6, 0x10, 0x05, 0xf4), 'x86'), /not the start of an instruction/);
  });
});
