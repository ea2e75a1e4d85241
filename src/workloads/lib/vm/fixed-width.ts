/**
 * The layout shared by the two fixed 32-bit encodings: instruction i is the little-endian
 * word at byte 4i. Each encoding supplies its legality check and its word codec.
 */
import { type AddressIndex, type ByteBuffer, DecodeError, EncodeError, readU32 } from './binary.ts';
import type { Code } from './code.ts';

export function encodeWords(
  arch: string, code: Code, out: ByteBuffer,
  problem: (code: Code, i: number) => string | null,
  encodeWord: (code: Code, i: number) => number,
): void {
  out.clear();
  out.reserve(code.length * 4);
  for (let i = 0; i < code.length; i++) {
    const why = problem(code, i);
    if (why) throw new EncodeError(`${arch}: instruction ${i}: ${why}`);
    code.addr[i] = i * 4;
    out.u32(encodeWord(code, i));
  }
}

export function decodeWords(
  arch: string, bytes: Uint8Array, length: number, into: Code, index: AddressIndex,
  decodeWord: (word: number, at: number, into: Code) => void,
): void {
  if (length % 4 !== 0) throw new DecodeError(`${arch}: code length ${length} is not a multiple of 4`);
  into.clear();
  index.reset(length);
  for (let at = 0; at < length; at += 4) {
    index.set(at, into.length);
    decodeWord(readU32(bytes, at), at, into);
  }
  index.resolveTargets(into, length);
}
