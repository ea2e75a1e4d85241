/**
 * The web config's rate_limit: one token bucket over all requests, as exporter-toolkit
 * has it (golang.org/x/time/rate): a token every `intervalMs`, at most `burst` saved up.
 */
export class TokenBucket {
  readonly #intervalMs: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(intervalMs: number, burst: number, now: () => number = () => performance.now()) {
    this.#intervalMs = intervalMs;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  /** Takes a token when there is one. */
  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) / this.#intervalMs);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
