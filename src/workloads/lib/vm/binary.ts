/**
 * The byte-level helpers the three encodings share: a growable output buffer that keeps its
 * memory between uses, and the second decode pass that turns branch targets from byte
 * addresses into instruction indices.
 */
import type { Code } from './code.ts';
import { hasTarget } from './isa.ts';

/** Thrown for bytes that are not a valid instruction stream of the encoding. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Thrown for an instruction the encoding cannot express (legalize it first). */
export class EncodeError extends Error {
  override name = 'EncodeError';
}

export class ByteBuffer {
  data: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint8Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  u8(value: number): void {
    this.reserve(1);
    this.data[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.data[this.length++] = value & 0xff;
    this.data[this.length++] = (value >>> 8) & 0xff;
  }

  u32(value: number): void {
    this.reserve(4);
    this.data[this.length++] = value & 0xff;
    this.data[this.length++] = (value >>> 8) & 0xff;
    this.data[this.length++] = (value >>> 16) & 0xff;
    this.data[this.length++] = (value >>> 24) & 0xff;
  }

  /** A copy of the bytes written. */
  bytes(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

export function readI32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

/** Sign-extends the low `bits` bits of `value`. */
export function signExtend(value: number, bits: number): number {
  const shift = 32 - bits;
  return (value << shift) >> shift;
}

/** Does int32 `value` survive truncation to `bits` bits and sign extension back? */
export function fitsSigned(value: number, bits: number): boolean {
  const shift = 32 - bits;
  return (value << shift) >> shift === value;
}

/**
 * Byte address -> instruction index, for the second decode pass; grows as needed and is
 * reused, so decoding allocates nothing once warm.
 */
export class AddressIndex {
  #index = new Int32Array(1024);

  /** Marks every address of a `byteLength`-long stream as "no instruction starts here". */
  reset(byteLength: number): void {
    if (this.#index.length < byteLength + 1) this.#index = new Int32Array(Math.max(byteLength + 1, this.#index.length * 2));
    this.#index.fill(-1, 0, byteLength + 1);
  }

  set(address: number, index: number): void {
    this.#index[address] = index;
  }

  /** The index of the instruction at `address`, or -1. */
  get(address: number): number {
    return address >= 0 && address < this.#index.length ? this.#index[address] : -1;
  }

  /**
   * The decoders leave each branch's target as a byte address; this turns them into
   * instruction indices and fails on a target that is not the start of an instruction.
   */
  resolveTargets(code: Code, byteLength: number): void {
    for (let i = 0; i < code.length; i++) {
      if (!hasTarget(code.op[i])) continue;
      const address = code.target[i];
      const index = address >= 0 && address < byteLength ? this.#index[address] : -1;
      if (index < 0) throw new DecodeError(`instruction at ${code.addr[i]}: branch target ${address} is not the start of an instruction`);
      code.target[i] = index;
    }
  }
}
