import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assemble } from '../../../src/workloads/lib/vm/assembler.ts';
import { buildBinary, buildGuestProgram, load } from '../../../src/workloads/lib/vm/build.ts';
import { Code } from '../../../src/workloads/lib/vm/code.ts';
import { ARCHES, type Arch } from '../../../src/workloads/lib/vm/encoding.ts';
import { ENCODINGS } from '../../../src/workloads/lib/vm/encodings.ts';
import { Executable } from '../../../src/workloads/lib/vm/executable.ts';
import { PROGRAM_CONSTANTS, PROGRAM_NAMES, programSource } from '../../../src/workloads/lib/vm/guest-programs.ts';
import { runToHalt } from '../../../src/workloads/lib/vm/interpreter.ts';
import { Op, SCRATCH } from '../../../src/workloads/lib/vm/isa.ts';
import { legalize, TranslateError } from '../../../src/workloads/lib/vm/legalize.ts';
import { GuestMachine } from '../../../src/workloads/lib/vm/machine.ts';
import { buildMixedArch } from '../../../src/workloads/lib/vm/mixed-program.ts';
import { resultsMatch } from '../../../src/workloads/lib/vm/reference.ts';
import { Translator } from '../../../src/workloads/lib/vm/translate.ts';
import { randomProgramSource } from './arbitraries.ts';
import { assertSameProgramState } from './machine-state.ts';

const PAIRS: readonly [Arch, Arch][] = [['x86', 'arm'], ['arm', 'x86'], ['arm', 'riscv'], ['riscv', 'arm'], ['x86', 'riscv'], ['riscv', 'x86']];

function run(exe: Executable): GuestMachine {
  const machine = new GuestMachine();
  machine.reset();
  runToHalt(machine, exe, 10_000_000);
  return machine;
}

function translated(from: Arch, to: Arch, source: string): Executable {
  const translator = new Translator(from, to);
  translator.translate(buildBinary(source, from, { constants: PROGRAM_CONSTANTS }).bytes);
  return load({ arch: to, bytes: translator.output.slice(), instructions: translator.code.length });
}

describe('legalization and translation', () => {
  it('random programs give the same registers and data memory built for each encoding as the assembled code', () => {
    fc.assert(fc.property(randomProgramSource, (source) => {
      const reference = run(new Executable(assemble(source).code));
      for (const arch of ARCHES) assertSameProgramState(run(load(buildBinary(source, arch))), reference, arch);
    }), { numRuns: 150 });
  });

  it('random programs translated between encodings compute what the source binary computes', () => {
    fc.assert(fc.property(randomProgramSource, fc.constantFrom(...PAIRS), (source, [from, to]) => {
      const original = run(load(buildBinary(source, from)));
      assertSameProgramState(run(translated(from, to, source)), original, `${from} -> ${to}`);
    }), { numRuns: 150 });
  });

  for (const [from, to] of PAIRS) {
    it(`every guest program translated ${from} -> ${to} runs to the same state and the reference results`, () => {
      for (const program of PROGRAM_NAMES) {
        const source = programSource(program);
        const original = run(buildGuestProgram(program, from));
        const machine = run(translated(from, to, source));
        assertSameProgramState(machine, original, `${program} ${from} -> ${to}`);
        assert.ok(resultsMatch(machine, program), `${program}: results`);
      }
    });
  }

  it('lowering respects each encoding: the output always encodes', () => {
    for (const program of PROGRAM_NAMES) {
      const { code } = assemble(programSource(program), { constants: PROGRAM_CONSTANTS });
      for (const arch of ARCHES) {
        const lowered = legalize(code, arch);
        for (let i = 0; i < lowered.length; i++) assert.equal(ENCODINGS[arch].problem(lowered, i), null, `${program} ${arch} #${i}`);
      }
    }
  });

  it('the peephole folds x86-style mov + op pairs back into one ARM-style instruction', () => {
    const x86 = legalize(assemble('sub r1, r2, r3\nhalt').code, 'x86');
    assert.deepEqual([...x86.op.subarray(0, x86.length)], [Op.MOV, Op.SUB, Op.HALT]);
    const arm = legalize(x86, 'arm');
    assert.deepEqual(arm.toInstructions()[0], { op: Op.SUB, rd: 1, rs1: 2, rs2: 3, cond: 0, imm: 0, target: 0 });
  });

  it('RISC-V lowering refuses a conditional branch whose flags come from another block', () => {
    const source = 'cmp r1, r2\nb skip\nback:\nblt done\nskip:\nb back\ndone:\nhalt';
    assert.throws(() => legalize(assemble(source).code, 'riscv'), TranslateError);
  });

  it('wide constants use only the scratch register as a temporary', () => {
    const lowered = legalize(assemble('add r1, r2, 0x12345678\nld r3, [r4+100000]\nhalt').code, 'riscv');
    const written = new Set<number>();
    for (let i = 0; i < lowered.length; i++) if (lowered.op[i] !== Op.HALT && lowered.op[i] !== Op.ST) written.add(lowered.rd[i]);
    assert.deepEqual([...written].sort((a, b) => a - b), [1, 3, SCRATCH]);
  });

  it('a mixed-architecture image runs to the reference results, with translated functions in it', () => {
    const build = buildMixedArch(programSource('mix'), {
      constants: PROGRAM_CONSTANTS, host: 'arm', foreign: 'x86', foreignFunctions: ['fill', 'fnv', 'isort', 'matmul'],
    });
    assert.ok(build.translatedInstructions > 0);
    const mixed = run(build.mixed);
    const native = run(build.native);
    assert.ok(resultsMatch(mixed, 'mix'));
    assertSameProgramState(mixed, native, 'mixed vs native');
    assert.throws(() => buildMixedArch(programSource('mix'), { constants: PROGRAM_CONSTANTS, host: 'arm', foreign: 'x86', foreignFunctions: ['nope'] }), /not a function/);
  });

  it('decoded code from a binary keeps its targets inside the code', () => {
    const code = new Code();
    const binary = buildBinary(programSource('mix'), 'riscv', { constants: PROGRAM_CONSTANTS });
    ENCODINGS.riscv.decode(binary.bytes, binary.bytes.length, code);
    assert.equal(code.length, binary.instructions);
    assert.doesNotThrow(() => code.checkTargets());
  });
});
