/**
 * Flow control that makes a MessagePort a bounded channel. A MessagePort queues without
 * limit, so the sender holds `capacity` credits, spends one per message, and may not
 * send without one; the receiver gives credits back over the same port (a number
 * message) once it has passed the messages on, not when they arrive, so a stage never
 * holds more than `capacity` messages of its input channel, queued or in flight.
 * Credits go back in batches of a quarter of the capacity, so the return traffic is a
 * small share of the data traffic; any batch up to the capacity cannot deadlock, since a
 * sender out of credits means the receiver holds `capacity` un-returned messages, which
 * it will pass on and return.
 */
export class CreditWindow {
  readonly capacity: number;
  readonly batch: number;
  #credits: number;
  #owed = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.batch = Math.max(1, capacity >> 2);
    this.#credits = capacity;
  }

  // --- sender side ---

  get canSend(): boolean {
    return this.#credits > 0;
  }

  spend(): void {
    if (this.#credits <= 0) throw new Error('sent without a credit');
    this.#credits--;
  }

  grant(credits: number): void {
    this.#credits += credits;
  }

  /** Messages sent and not yet credited back, as a share of the capacity. */
  occupancy(): number {
    return (this.capacity - this.#credits) / this.capacity;
  }

  // --- receiver side ---

  /** A message has been passed on (or consumed); returns the credits to send back now, or 0. */
  consumed(): number {
    if (++this.#owed < this.batch) return 0;
    const owed = this.#owed;
    this.#owed = 0;
    return owed;
  }
}
