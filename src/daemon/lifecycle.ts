/**
 * The daemon's lifecycle: listening, the signals, and shutdown.
 *
 * Shutdown (SIGTERM, SIGINT or close()): readiness turns 503, the scheduler stops, the run
 * in flight is aborted, pending log appends are flushed, the last OTLP push goes out, the
 * HTTP server closes, and `closed` resolves, all within `shutdownTimeout`. A second signal
 * exits at once.
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import type { OtelExport } from '../export/otel/otel-export.ts';
import { bindAddress } from './listen-address.ts';

/** Part of shutdownTimeout kept back for flushing and closing the server after the run stopped. */
const CLOSE_RESERVE_MS = 1000;

export function listen(server: Server, listenConfig: string): Promise<AddressInfo> {
  const { host, port } = bindAddress(listenConfig);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? 'the address is already in use'
        : error.code === 'EADDRNOTAVAIL' ? 'no local interface has that address'
          : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)'
            : error.message;
      reject(new UsageError(`listen: cannot listen on ${listenConfig}: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    promise.then(
      () => { clearTimeout(timer); resolve(true); },
      () => { clearTimeout(timer); resolve(true); },
    );
  });
}

/** Stops accepting, lets requests in flight finish, then cuts what is left after `ms`. */
function closeServer(server: Server, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, ms));
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** What shutdown stops, in the order it stops them. */
export interface LifecycleParts {
  config: Pick<Config, 'shutdownTimeout' | 'otel'>;
  logger: Logger;
  /** Stops scheduling further passes. */
  stopScheduling(): void;
  /** Aborts the run in flight. */
  abortRun(reason: string): void;
  /** Settles once no pass is running. */
  idle(): Promise<unknown>;
  /** Settles once every pending log append is on disk. */
  flush(): Promise<unknown>;
  /** Named in the error when flush() runs out of time. */
  resultsLogFile: string;
  otel: OtelExport | null;
  server: Server;
  /** SIGTERM and SIGINT close the daemon, a second one exits at once. */
  handleSignals: boolean;
}

export class Lifecycle {
  readonly #parts: LifecycleParts;
  readonly #closed = Promise.withResolvers<void>();
  #closing: Promise<void> | null = null;

  constructor(parts: LifecycleParts) {
    this.#parts = parts;
    if (parts.handleSignals) {
      process.on('SIGTERM', this.#onSignal);
      process.on('SIGINT', this.#onSignal);
    }
  }

  /** Resolves once the daemon has shut down, whoever asked. */
  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  /** True from the moment shutdown begins: readiness answers 503. */
  get shuttingDown(): boolean {
    return this.#closing !== null;
  }

  close(reason = 'close() called'): Promise<void> {
    this.#closing ??= this.#shutdown(reason).then(this.#closed.resolve, (error: unknown) => {
      this.#parts.logger.error({ err: error }, 'shutdown failed');
      this.#closed.resolve();
    });
    return this.#closed.promise;
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    const { logger } = this.#parts;
    if (this.#closing !== null) {
      logger.warn({ signal }, 'second signal: exiting now');
      logger.flush();
      process.exit(128 + (os.constants.signals[signal] ?? 15));
    }
    logger.info({ signal }, 'signal received');
    void this.close(signal);
  };

  async #shutdown(reason: string): Promise<void> {
    const { config, logger, otel } = this.#parts;
    const deadline = Date.now() + config.shutdownTimeout;
    const remaining = (): number => deadline - Date.now();
    logger.info({ reason, timeoutMs: config.shutdownTimeout }, 'shutting down');
    this.#parts.stopScheduling();
    this.#parts.abortRun(`vmsoak is shutting down (${reason})`);
    const runReserve = Math.min(CLOSE_RESERVE_MS, config.shutdownTimeout / 4);
    if (!(await settlesWithin(this.#parts.idle(), remaining() - runReserve))) {
      logger.error({ timeoutMs: config.shutdownTimeout }, 'the run in flight did not stop in time; leaving it behind');
    }
    if (!(await settlesWithin(this.#parts.flush(), remaining()))) {
      logger.error({ file: this.#parts.resultsLogFile }, 'results log appends did not finish in time');
    }
    // The last OTLP push carries the runs since the previous one; an unreachable collector
    // (the exporter retries) must not use up the time the HTTP server needs to close.
    if (otel !== null) {
      const pushBudget = Math.max(0, Math.min(config.otel.timeout, remaining() - runReserve));
      const pushed = await otel.shutdown(pushBudget);
      if (!pushed.ok) logger.error({ endpoint: otel.push?.url, timeoutMs: pushBudget, error: pushed.error }, 'the last OpenTelemetry push failed');
    }
    await closeServer(this.#parts.server, remaining());
    if (this.#parts.handleSignals) {
      process.off('SIGTERM', this.#onSignal);
      process.off('SIGINT', this.#onSignal);
    }
    logger.info('vmsoak stopped');
    logger.flush();
  }
}
