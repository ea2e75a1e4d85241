/**
 * The console's view of a pass in flight: run n of N, time elapsed, and an ETA from the
 * mean time per run so far (runs of one pass differ in length, but each is warm-up plus
 * a fixed duration, so the mean is a fair guess after a few runs).
 */

/** "45s", "2m 41s", "1h 03m": whole seconds, for a console line. */
export function clockText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

export interface ProgressPoint {
  /** Runs finished so far, this one included. */
  done: number;
  /** Runs in the pass; null while the runner has not said. */
  total: number | null;
  elapsedMs: number;
  /** null until a run has finished or when the total is unknown. */
  etaMs: number | null;
}

export class PassProgress {
  readonly #startedMs: number;
  readonly #now: () => number;
  #done = 0;
  #total: number | null = null;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#startedMs = now();
  }

  /** The pass's size, as the runner announces it with each run. */
  set total(total: number) {
    this.#total = total;
  }

  get elapsedMs(): number {
    return this.#now() - this.#startedMs;
  }

  /** One more run finished. */
  runFinished(): ProgressPoint {
    this.#done++;
    const elapsedMs = this.elapsedMs;
    const total = this.#total === null ? null : Math.max(this.#total, this.#done);
    const etaMs = total === null ? null : (elapsedMs / this.#done) * (total - this.#done);
    return { done: this.#done, total, elapsedMs, etaMs };
  }
}

/** "run 12 of 80, 24s elapsed, ETA 2m 10s" */
export function progressText(point: ProgressPoint): string {
  const of = point.total === null ? '' : ` of ${point.total}`;
  const eta = point.etaMs === null ? '' : `, ETA ${clockText(point.etaMs)}`;
  return `run ${point.done}${of}, ${clockText(point.elapsedMs)} elapsed${eta}`;
}
