/** What memory.transfer and its echo thread exchange. */
export interface TransferMessage {
  seq: number;
  buffer: ArrayBuffer;
  /** Whether the buffer travels in the transfer list (moved) or is structured-cloned (copied). */
  transfer: boolean;
}

/** XORed into the sequence number by the echo thread, to prove it wrote into the buffer. */
export const ECHO_STAMP = 0x5a5a5a5a;
