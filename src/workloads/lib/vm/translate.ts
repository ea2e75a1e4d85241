/**
 * A static binary translator between the guest encodings: decode the source binary, lower
 * the decoded code for the target (legalize.ts), encode it. All buffers are kept between
 * calls, so translating allocates nothing once warm (the per-instruction cost is what the
 * crossarch workloads measure).
 */
import { ByteBuffer } from './binary.ts';
import { Code } from './code.ts';
import type { Arch } from './encoding.ts';
import { ENCODINGS } from './encodings.ts';
import { Legalizer } from './legalize.ts';

export class Translator {
  readonly from: Arch;
  readonly to: Arch;
  readonly #decoded = new Code(1024);
  readonly #lowered = new Code(2048);
  readonly #out = new ByteBuffer(8192);
  readonly #legalizer = new Legalizer();

  constructor(from: Arch, to: Arch) {
    this.from = from;
    this.to = to;
  }

  /**
   * Translates `bytes[0, length)`; returns the number of source instructions. The output
   * stays in `output` until the next call.
   */
  translate(bytes: Uint8Array, length = bytes.length): number {
    ENCODINGS[this.from].decode(bytes, length, this.#decoded);
    this.#legalizer.legalize(this.#decoded, this.to, this.#lowered);
    ENCODINGS[this.to].encode(this.#lowered, this.#out);
    return this.#decoded.length;
  }

  /** The translated binary of the last call (a view; copy it to keep it). */
  get output(): Uint8Array {
    return this.#out.data.subarray(0, this.#out.length);
  }

  /** Index in `code` of the translation of source instruction `sourceIndex`, for the last call. */
  outputIndex(sourceIndex: number): number {
    return this.#legalizer.outputIndex(sourceIndex);
  }

  /** The decoded target code of the last call, with target addresses. */
  get code(): Code {
    return this.#lowered;
  }
}
