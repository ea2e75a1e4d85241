/**
 * From assembler text to something that runs: assemble, lower for an encoding, encode to a
 * binary, decode that binary back (so what runs is exactly what the bytes say) and prepare
 * it for execution.
 */
import { assemble, type AssembleOptions } from './assembler.ts';
import { ByteBuffer } from './binary.ts';
import { Code } from './code.ts';
import type { Arch } from './encoding.ts';
import { ENCODINGS } from './encodings.ts';
import { Executable } from './executable.ts';
import { PROGRAM_CONSTANTS, programSource, type ProgramName } from './guest-programs.ts';
import { legalize } from './legalize.ts';

export interface GuestBinary {
  arch: Arch;
  bytes: Uint8Array;
  /** Instructions in the binary. */
  instructions: number;
}

/** Assembles `source` and encodes it for `arch`. */
export function buildBinary(source: string, arch: Arch, options?: AssembleOptions): GuestBinary {
  const { code } = assemble(source, options);
  const lowered = legalize(code, arch);
  const out = new ByteBuffer();
  ENCODINGS[arch].encode(lowered, out);
  return { arch, bytes: out.bytes(), instructions: lowered.length };
}

/** Decodes a binary into a fresh Executable. */
export function load(binary: GuestBinary): Executable {
  const code = new Code(Math.max(64, binary.instructions));
  ENCODINGS[binary.arch].decode(binary.bytes, binary.bytes.length, code);
  return new Executable(code);
}

/** A guest program (guest-programs.ts) built for `arch` and loaded. */
export function buildGuestProgram(program: ProgramName, arch: Arch): Executable {
  return load(buildBinary(programSource(program), arch, { constants: PROGRAM_CONSTANTS }));
}
