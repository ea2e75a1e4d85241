/**
 * The sink's ledger: every message that arrives is checked against the sequence it should
 * be next in and against the value its sequence number implies (stage-mix.ts). A chain
 * of FIFO channels keeps order, so anything but "exactly the next one, intact" is an
 * error: a jump ahead means the messages in between were lost, a message from behind is
 * a duplicate (or a reordering, which a FIFO chain must not do either), and a wrong value
 * is corruption. Messages still owed when `finish` is called are lost too.
 *
 * The checksum is the sum, mod 2^32, of the values of the messages accepted intact, so a
 * test can compare it with the sum it computes itself over the sequence numbers sent.
 */
import { expectedValue } from './stage-mix.ts';

export interface DeliveryReport {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  corrupt: number;
  /** (lost + duplicated + corrupt) / sent; 0 when nothing was sent. */
  errorRate: number;
  checksum: number;
}

export class DeliveryAudit {
  readonly stages: number;
  #next = 0;
  #received = 0;
  #lost = 0;
  #duplicated = 0;
  #corrupt = 0;
  #checksum = 0;

  constructor(stages: number) {
    this.stages = stages;
  }

  /** Checks one arrival; returns whether it was the next message, intact. */
  accept(seq: number, value: number): boolean {
    this.#received++;
    if (seq < this.#next) {
      this.#duplicated++;
      return false;
    }
    const inOrder = seq === this.#next;
    if (!inOrder) this.#lost += seq - this.#next;
    this.#next = seq + 1;
    if (value !== expectedValue(seq, this.stages)) {
      this.#corrupt++;
      return false;
    }
    this.#checksum = (this.#checksum + value) >>> 0;
    return inOrder;
  }

  /** One past the highest sequence number seen: every message below it has arrived or is lost. */
  get next(): number {
    return this.#next;
  }

  /** Messages received so far, intact or not. */
  get received(): number {
    return this.#received;
  }

  /** The report once `sent` messages (sequence numbers 0 .. sent-1) have been sent. */
  finish(sent: number): DeliveryReport {
    const owed = Math.max(0, sent - this.#next);
    const lost = this.#lost + owed;
    const errors = lost + this.#duplicated + this.#corrupt;
    return {
      sent, received: this.#received, lost, duplicated: this.#duplicated, corrupt: this.#corrupt,
      errorRate: sent > 0 ? errors / sent : 0, checksum: this.#checksum,
    };
  }
}
