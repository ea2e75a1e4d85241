/** Prometheus durations as rule files accept them: `15m`, `1h30m`, `500ms`, `0s`. */
import { InvalidArgumentError } from 'commander';

const PROM_DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

export function isPromDuration(text: string): boolean {
  return text !== '' && PROM_DURATION.test(text);
}

/** A commander argument parser: the value itself, or a one-line error naming the format. */
export function parsePromDuration(text: string): string {
  if (!isPromDuration(text)) throw new InvalidArgumentError('Must be a Prometheus duration such as 30s, 15m or 1h30m.');
  return text;
}
