/**
 * The daemon's logger: one human-readable line per event on a terminal (pino-pretty), JSON
 * lines otherwise, for a log shipper, a pipe or `kubectl logs | jq`. `--log-format`
 * overrides the guess either way.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat } from './options.ts';

/** The format asked for, or, when none was, pretty on a terminal and JSON anywhere else. */
export function chooseLogFormat(asked: LogFormat | undefined, stdout: { isTTY?: boolean }): LogFormat {
  return asked ?? (stdout.isTTY === true ? 'pretty' : 'json');
}

export interface LoggerOptions {
  level: string;
  format: LogFormat;
  /** Colours in pretty lines (a terminal that has them, and no NO_COLOR). */
  color: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { name: 'vmsoak', level: options.level };
  if (options.format === 'json') return pino(base);
  return pino(base, pretty({
    colorize: options.color,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    // The name is always vmsoak, pid and hostname are the terminal's own.
    ignore: 'pid,hostname,name',
    singleLine: true,
    // Written before the call returns, so "vmsoak stopped" is out before the process exits.
    sync: true,
  }));
}
