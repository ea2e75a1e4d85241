/** The encodings by architecture name. */
import { armEncoding } from './encoding-arm.ts';
import { riscvEncoding } from './encoding-riscv.ts';
import { x86Encoding } from './encoding-x86.ts';
import type { Arch, Encoding } from './encoding.ts';

export const ENCODINGS: Readonly<Record<Arch, Encoding>> = {
  x86: x86Encoding,
  arm: armEncoding,
  riscv: riscvEncoding,
};
