/**
 * Concurrent scrapers of a /metrics URL, bounded in number and time and refused anywhere
 * but loopback: a benchmark must never load someone else's server. Each scraper issues one
 * GET at a time on a kept-alive connection, as Prometheus does, and reads the whole body;
 * the latency of each scrape (request sent to last byte read) goes into an HDR histogram
 * in integer ns.
 *
 * Written on node:http rather than with autocannon because autocannon keeps latencies in
 * whole milliseconds, and an idle scrape takes a few.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, get } from 'node:http';
import { nowNs } from '../src/measure/clock.ts';
import { createHistogram, initHdr } from '../src/measure/hdr.ts';

export const MAX_SCRAPERS = 50;
export const MAX_LOAD_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export interface ScrapeLoadOptions {
  url: string;
  scrapers: number;
  durationMs: number;
  /** Each scraper starts a scrape at most this often; 0 scrapes back to back. */
  intervalMs?: number;
  /** Ends the load early: no scrape starts after it fires (the time bound still holds). */
  signal?: AbortSignal;
  /** Ends the load after this many scrapes, over all scrapers. */
  maxScrapes?: number;
  /**
   * Each scraper opens its connection with one untimed scrape before the clock starts, as
   * a Prometheus server keeps its connection to a target: the latencies are then about
   * scraping, not TCP handshakes (a SYN dropped on loopback is retried after 1, 3, 7 s).
   */
  connectFirst?: boolean;
}

export interface ScrapeLoadResult {
  scrapes: number;
  errors: number;
  /** The first few distinct error messages. */
  errorExamples: string[];
  elapsedMs: number;
  bytes: number;
  /** Latency percentiles over the successful scrapes, in µs; null when there were none. */
  latencyUs: { p50: number; p99: number; max: number } | null;
  /** With connectFirst: the slowest untimed first scrape (connection included), in µs. */
  slowestFirstScrapeUs: number | null;
}

/** Throws unless the URL is plain HTTP on a loopback host. */
export function assertLoopback(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new Error(`scrape load is for loopback only, not ${url}`);
  }
}

function scrapeOnce(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => {
        if (response.statusCode === 200) resolve(bytes);
        else reject(new Error(`HTTP ${response.statusCode}`));
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

export async function scrapeLoad(options: ScrapeLoadOptions): Promise<ScrapeLoadResult> {
  const { url, scrapers, durationMs, intervalMs = 0, signal, maxScrapes = Number.POSITIVE_INFINITY } = options;
  assertLoopback(url);
  if (!Number.isInteger(scrapers) || scrapers < 1 || scrapers > MAX_SCRAPERS) throw new Error(`scrapers must be 1..${MAX_SCRAPERS}, not ${scrapers}`);
  if (!(durationMs > 0 && durationMs <= MAX_LOAD_MS)) throw new Error(`durationMs must be in (0, ${MAX_LOAD_MS}], not ${durationMs}`);
  await initHdr();
  const agent = new Agent({ keepAlive: true, maxSockets: scrapers });
  const histogram = createHistogram();
  const errorExamples = new Set<string>();
  let scrapes = 0;
  let errors = 0;
  let started = 0;
  let bytes = 0;
  const noteError = (error: unknown): void => {
    errors++;
    if (errorExamples.size < 5) errorExamples.add((error as Error).message);
  };
  let slowestFirstScrapeNs: number | null = null;
  const connect = async (): Promise<void> => {
    const begun = nowNs();
    await scrapeOnce(url, agent).catch(noteError);
    slowestFirstScrapeNs = Math.max(slowestFirstScrapeNs ?? 0, nowNs() - begun);
  };
  let start = 0;
  let deadline = 0;
  const scraper = async (): Promise<void> => {
    while (nowNs() < deadline && signal?.aborted !== true && started < maxScrapes) {
      started++;
      const begun = nowNs();
      try {
        // Not `bytes += await ...`: that reads `bytes` before the await and loses the
        // other scrapers' additions made meanwhile.
        const received = await scrapeOnce(url, agent);
        bytes += received;
        histogram.recordValue(Math.max(1, Math.round(nowNs() - begun)));
        scrapes++;
      } catch (error) {
        noteError(error);
      }
      const wait = (begun + intervalMs * 1e6 - nowNs()) / 1e6;
      if (wait > 0 && nowNs() + wait * 1e6 < deadline) await sleep(wait);
      else if (wait > 0) break;
    }
  };
  try {
    if (options.connectFirst === true) await Promise.all(Array.from({ length: scrapers }, connect));
    start = nowNs();
    deadline = start + durationMs * 1e6;
    await Promise.all(Array.from({ length: scrapers }, scraper));
    const elapsedMs = (nowNs() - start) / 1e6;
    const latencyUs = scrapes === 0 ? null : {
      p50: histogram.getValueAtPercentile(50) / 1000,
      p99: histogram.getValueAtPercentile(99) / 1000,
      max: histogram.maxValue / 1000,
    };
    const slowestFirstScrapeUs = slowestFirstScrapeNs === null ? null : slowestFirstScrapeNs / 1000;
    return { scrapes, errors, errorExamples: [...errorExamples], elapsedMs, bytes, latencyUs, slowestFirstScrapeUs };
  } finally {
    histogram.destroy();
    agent.destroy();
  }
}
