/**
 * A mixed-architecture guest image: some guest functions were shipped as x86-style code and
 * are translated to the host encoding when the image is loaded, the others were built for
 * the host natively, and they call each other freely. Both kinds of function are spliced
 * into one host binary (branch targets stay inside their function, call targets are linked
 * to the spliced function starts). Against the all-native build of the same source it
 * shows what running translated code costs.
 */
import { UsageError } from '../../../errors.ts';
import { assemble, type AssembleOptions } from './assembler.ts';
import { ByteBuffer } from './binary.ts';
import { Code } from './code.ts';
import type { Arch } from './encoding.ts';
import { ENCODINGS } from './encodings.ts';
import { Executable } from './executable.ts';
import { hasTarget, Op } from './isa.ts';
import { Legalizer } from './legalize.ts';
import { Translator } from './translate.ts';

export interface MixedArchBuild {
  /** The program built for the host only. */
  native: Executable;
  /** The same program with the foreign functions translated from `foreign` code. */
  mixed: Executable;
  /** Host instructions that came from translated functions. */
  translatedInstructions: number;
  /** The same functions' instructions in the native build. */
  nativeEquivalentInstructions: number;
}

export interface MixedArchOptions extends AssembleOptions {
  host: Arch;
  foreign: Arch;
  /** Labels of the functions shipped as foreign code. */
  foreignFunctions: readonly string[];
}

interface FunctionSpan {
  name: string;
  /** Instruction index in the canonical (assembled) code. */
  entry: number;
}

function encodeAndLoad(code: Code, arch: Arch): Executable {
  const out = new ByteBuffer();
  ENCODINGS[arch].encode(code, out);
  const decoded = new Code(code.length);
  ENCODINGS[arch].decode(out.data, out.length, decoded);
  return new Executable(decoded);
}

export function buildMixedArch(source: string, options: MixedArchOptions): MixedArchBuild {
  const { code: canonical, labels } = assemble(source, options);
  const entries = new Set<number>([0]);
  for (let i = 0; i < canonical.length; i++) if (canonical.op[i] === Op.CALL) entries.add(canonical.target[i]);
  const nameOf = new Map<number, string>();
  for (const [name, index] of labels) if (entries.has(index) && !nameOf.has(index)) nameOf.set(index, name);
  const functions: FunctionSpan[] = [...entries].sort((a, b) => a - b).map((entry) => ({ name: nameOf.get(entry) ?? `@${entry}`, entry }));
  for (const name of options.foreignFunctions) {
    if (!functions.some((fn) => fn.name === name)) {
      throw new UsageError(`mixed-arch: "${name}" is not a function of the program (${functions.map((fn) => fn.name).join(', ')})`);
    }
  }

  const nativeLegalizer = new Legalizer();
  const nativeCode = nativeLegalizer.legalize(canonical, options.host);
  const foreignLegalizer = new Legalizer();
  const foreignCode = foreignLegalizer.legalize(canonical, options.foreign);
  const foreignBinary = new ByteBuffer();
  ENCODINGS[options.foreign].encode(foreignCode, foreignBinary);
  const translator = new Translator(options.foreign, options.host);
  translator.translate(foreignBinary.data, foreignBinary.length);
  const translatedCode = translator.code;

  // Each function's span in the native and in the translated host code.
  const nativeStart = functions.map((fn) => nativeLegalizer.outputIndex(fn.entry));
  const translatedStart = functions.map((fn) => translator.outputIndex(foreignLegalizer.outputIndex(fn.entry)));
  const spanEnd = (starts: number[], k: number, length: number): number => (k + 1 < starts.length ? starts[k + 1] : length);

  const mixed = new Code(nativeCode.length * 2);
  const newStart: number[] = [];
  const calls: { at: number; callee: number }[] = [];
  let translatedInstructions = 0;
  let nativeEquivalentInstructions = 0;
  functions.forEach((fn, k) => {
    const foreign = options.foreignFunctions.includes(fn.name);
    const from = foreign ? translatedCode : nativeCode;
    const starts = foreign ? translatedStart : nativeStart;
    const start = starts[k];
    const end = spanEnd(starts, k, from.length);
    newStart.push(mixed.length);
    if (foreign) {
      translatedInstructions += end - start;
      nativeEquivalentInstructions += spanEnd(nativeStart, k, nativeCode.length) - nativeStart[k];
    }
    for (let i = start; i < end; i++) {
      const at = mixed.pushFrom(from, i, -1);
      if (!hasTarget(from.op[i])) continue;
      const target = from.target[i];
      if (from.op[i] === Op.CALL) {
        const callee = starts.indexOf(target);
        if (callee < 0) throw new RangeError(`mixed-arch: a call in ${fn.name} does not go to a function start`);
        calls.push({ at, callee });
      } else {
        if (target < start || target >= end) throw new RangeError(`mixed-arch: a branch in ${fn.name} leaves the function`);
        mixed.target[at] = newStart[k] + (target - start);
      }
    }
  });
  for (const { at, callee } of calls) mixed.target[at] = newStart[callee];

  return {
    native: encodeAndLoad(nativeCode, options.host),
    mixed: encodeAndLoad(mixed, options.host),
    translatedInstructions,
    nativeEquivalentInstructions,
  };
}
