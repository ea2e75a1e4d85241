/**
 * What an encoding of the guest ISA provides. Three exist: a variable-length x86-style
 * encoding (encoding-x86.ts) and two fixed 32-bit ones, ARM-style with flags
 * (encoding-arm.ts) and RISC-V-style without (encoding-riscv.ts).
 */
import type { ByteBuffer } from './binary.ts';
import type { Code } from './code.ts';
import { COND_COUNT, Cond, Op, OPCODE_COUNT, REGISTER_COUNT } from './isa.ts';

export type Arch = 'x86' | 'arm' | 'riscv';
export const ARCHES: readonly Arch[] = ['x86', 'arm', 'riscv'];

export interface Encoding {
  readonly arch: Arch;
  /** Why instruction `i` of `code` cannot be encoded, or null when it can. */
  problem(code: Code, i: number): string | null;
  /**
   * Lays out and encodes all of `code` into `out` (cleared first), and writes the address
   * each instruction got into `code.addr`. Throws EncodeError for an instruction that
   * `problem` rejects.
   */
  encode(code: Code, out: ByteBuffer): void;
  /** Decodes `bytes[0, length)` into `into` (cleared first); throws DecodeError on bad bytes. */
  decode(bytes: Uint8Array, length: number, into: Code): void;
}

/** Checks every encoding shares: fields in range and a valid target. */
export function commonProblem(code: Code, i: number): string | null {
  const op = code.op[i];
  if (op >= OPCODE_COUNT) return `unknown opcode ${op}`;
  if (code.rd[i] >= REGISTER_COUNT || code.rs1[i] >= REGISTER_COUNT || code.rs2[i] >= REGISTER_COUNT) return 'register out of range';
  if (code.cond[i] >= COND_COUNT) return `unknown condition ${code.cond[i]}`;
  if (op === Op.MOVHI && !(code.imm[i] >= 0 && code.imm[i] <= 0xffff)) return `movhi immediate ${code.imm[i]} is not 16-bit`;
  if (op === Op.BR && code.cond[i] === Cond.AL) return 'a fused branch needs a condition (use b for a jump)';
  if ((op === Op.B || op === Op.BR || op === Op.CALL) && !(code.target[i] >= 0 && code.target[i] < code.length)) {
    return `branch target ${code.target[i]} is outside the code`;
  }
  return null;
}
