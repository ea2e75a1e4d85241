/**
 * Watches a runner's resident set while a run is in flight: polls /proc every `intervalMs`,
 * keeps the peak, and calls `onOver` once when the RSS passes the cap. V8's heap limits do
 * not cover ArrayBuffers, WASM memory or a native addon's allocations; this does.
 */
import { readRssBytes } from './process-rss.ts';

export interface RssWatchOptions {
  pid: number;
  limitBytes: number;
  intervalMs: number;
  onOver(rssBytes: number): void;
}

export class RssWatch {
  readonly #options: RssWatchOptions;
  readonly #timer: NodeJS.Timeout;
  #peakBytes: number | null = null;
  #over = false;

  constructor(options: RssWatchOptions) {
    this.#options = options;
    this.#timer = setInterval(() => this.poll(), options.intervalMs);
    // The run in flight keeps the process alive, not the watch.
    this.#timer.unref();
    this.poll();
  }

  /** Highest RSS seen so far; null where /proc cannot be read (not Linux). */
  get peakBytes(): number | null {
    return this.#peakBytes;
  }

  poll(): void {
    const rss = readRssBytes(this.#options.pid);
    if (rss === null) {
      // Not Linux, or the process is gone: its exit is handled elsewhere.
      this.stop();
      return;
    }
    this.#peakBytes = Math.max(this.#peakBytes ?? 0, rss);
    if (!this.#over && rss > this.#options.limitBytes) {
      this.#over = true;
      this.stop();
      this.#options.onOver(rss);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
