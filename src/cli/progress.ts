/**
 * Progress of a `once` pass on stderr: run n of N, the time elapsed and an estimate of the
 * time left. On a terminal it is one bar, redrawn in place every second; anywhere else (a
 * CI log, a pipe) it is one plain line per run, since a log cannot redraw.
 *
 * The estimate starts from the plan (each run's warm-up plus duration) and, once runs have
 * finished, scales what is left of the plan by how long the finished runs really took
 * against their plan, which takes in the start-up and calibration each run costs.
 */

export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Planned milliseconds of every run of the pass, in the order they run. */
  plannedMs: readonly number[];
  /** Redraw a bar in place (a terminal) instead of printing a line per run. */
  tty: boolean;
  now?: () => number;
  /** How often the bar is redrawn, so elapsed and ETA move between runs; 0: never (tests). */
  tickMs?: number;
  /** The plain lines' `[n/N]` counts within a suite (several suites): they then also say the run of the pass. */
  perSuiteCounts?: boolean;
}

const BAR_WIDTH = 24;
const DEFAULT_COLUMNS = 100;
const CLEAR_LINE = '\r\x1b[2K';

/** 75_000 → "1:15"; 3_725_000 → "1:02:05". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Time left: the plan's remainder, scaled by how the finished runs kept to their plan. */
export function estimateRemainingMs(plannedMs: readonly number[], finished: number, elapsedMs: number): number {
  let plannedDone = 0;
  let plannedLeft = 0;
  for (const [index, ms] of plannedMs.entries()) {
    if (index < finished) plannedDone += ms;
    else plannedLeft += ms;
  }
  return finished > 0 && plannedDone > 0 ? plannedLeft * (elapsedMs / plannedDone) : plannedLeft;
}

export class PassProgress {
  readonly #stream: ProgressStream;
  readonly #plannedMs: readonly number[];
  readonly #tty: boolean;
  readonly #now: () => number;
  readonly #startMs: number;
  readonly #ticker: NodeJS.Timeout | undefined;
  readonly #perSuiteCounts: boolean;
  /** Runs started so far; the one in flight is number `#started`. */
  #started = 0;
  #label = '';
  #barShown = false;

  constructor(stream: ProgressStream, options: ProgressOptions) {
    this.#stream = stream;
    this.#plannedMs = options.plannedMs;
    this.#tty = options.tty;
    this.#now = options.now ?? Date.now;
    this.#startMs = this.#now();
    this.#perSuiteCounts = options.perSuiteCounts ?? false;
    const tickMs = options.tickMs ?? 1000;
    if (this.#tty && tickMs > 0) {
      this.#ticker = setInterval(() => this.#drawBar(), tickMs);
      this.#ticker.unref();
    }
  }

  get total(): number {
    return this.#plannedMs.length;
  }

  /** A run starts; `prefix` is the `[suite n/N]` tag of a plain line. */
  runStarted(prefix: string, label: string): void {
    this.#started++;
    this.#label = label;
    if (this.#tty) this.#drawBar();
    else this.#stream.write(`${prefix} ${label}  ${this.#timing()}\n`);
  }

  /** A line of its own (a failed run): above the bar on a terminal. */
  note(line: string): void {
    if (this.#barShown) this.#stream.write(CLEAR_LINE);
    this.#stream.write(`${line}\n`);
    if (this.#barShown) this.#drawBar();
  }

  /** The pass is over: the bar goes, and the total time is said once. */
  finish(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    if (this.#barShown) this.#stream.write(CLEAR_LINE);
    this.#barShown = false;
    this.#stream.write(`${this.#started} of ${this.total} runs in ${formatClock(this.#now() - this.#startMs)}\n`);
  }

  #timing(): string {
    const elapsedMs = this.#now() - this.#startMs;
    const finished = Math.max(0, this.#started - 1);
    const run = this.#perSuiteCounts ? `run ${this.#started} of ${this.total}, ` : '';
    return `(${run}elapsed ${formatClock(elapsedMs)}, ETA ${formatClock(estimateRemainingMs(this.#plannedMs, finished, elapsedMs))})`;
  }

  #drawBar(): void {
    if (this.#started === 0) return;
    const elapsedMs = this.#now() - this.#startMs;
    const finished = this.#started - 1;
    const filled = this.total > 0 ? Math.round((finished / this.total) * BAR_WIDTH) : 0;
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const eta = formatClock(estimateRemainingMs(this.#plannedMs, finished, elapsedMs));
    const line = `${bar} ${this.#started}/${this.total}  elapsed ${formatClock(elapsedMs)}  ETA ${eta}  ${this.#label}`;
    const columns = this.#stream.columns ?? DEFAULT_COLUMNS;
    this.#stream.write(`${CLEAR_LINE}${line.slice(0, Math.max(20, columns - 1))}`);
    this.#barShown = true;
  }
}
