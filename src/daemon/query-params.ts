/**
 * Query parameters for routes that take them, validated in one place: a route declares its
 * parameters with the builders below, and anything else (an unknown name, a repeated one, a
 * value of the wrong type) becomes a 400 whose one-line body names the parameter, instead
 * of a NaN flowing into a report or a 500.
 *
 *   const { limit, since } = queryParams(request, { limit: integerParam({ min: 1, max: 1000 }).optional(), since: timeParam().optional() });
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { tryParseDuration } from '../config/duration.ts';
import { HttpError } from './http-error.ts';

/** Query values are strings; each builder turns one into its typed value or fails with a message. */
export type QueryParam<T> = z.ZodType<T, string>;
type QueryShape = Record<string, z.ZodType<unknown, string | undefined>>;

/** Keeps a hostile parameter name or value from filling the error body. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);
}

function parsed<T>(what: string, parse: (text: string) => T | undefined): QueryParam<T> {
  return z.string().transform((text, ctx) => {
    const value = parse(text);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${what} (got ${quoted(text)})` });
      return z.NEVER;
    }
    return value;
  });
}

export function integerParam(range: { min?: number; max?: number } = {}): QueryParam<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  const what = range.min !== undefined && range.max !== undefined ? `an integer between ${min} and ${max}`
    : range.min !== undefined ? `an integer of at least ${min}` : 'an integer';
  return parsed(what, (text) => {
    const value = /^-?\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
  });
}

export function enumParam<T extends string>(values: readonly T[]): QueryParam<T> {
  return parsed(`one of ${values.join(', ')}`, (text) => values.find((value) => value === text));
}

export function booleanParam(): QueryParam<boolean> {
  return parsed('true or false', (text) => (text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : undefined));
}

/** A point in time as Prometheus's API takes it: RFC 3339, or Unix seconds. */
export function timeParam(): QueryParam<Date> {
  return parsed('an RFC 3339 time or Unix seconds', (text) => {
    const date = /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000)
      : /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(text) ? new Date(text) : null;
    return date !== null && Number.isFinite(date.getTime()) ? date : undefined;
  });
}

/** A duration as config files write it ("30s", "15m", "24h"), in milliseconds. */
export function durationParam(): QueryParam<number> {
  return parsed('a duration such as 15m or 24h', (text) => {
    const duration = tryParseDuration(text);
    return duration.ok ? duration.ms : undefined;
  });
}

/** A name from a known alphabet (workload names, suite names, globs), at most `maxLength` long. */
export function nameParam(pattern: RegExp, description: string, maxLength = 200): QueryParam<string> {
  return parsed(description, (text) => (text.length <= maxLength && pattern.test(text) ? text : undefined));
}

/**
 * The route's query parameters, typed by `shape`; an HttpError 400 naming the parameter
 * when one is unknown, repeated or of the wrong type.
 */
export function queryParams<S extends QueryShape>(request: IncomingMessage, shape: S): { [K in keyof S]: z.output<S[K]> } {
  const search = new URL(request.url ?? '/', 'http://localhost').searchParams;
  const raw: Record<string, string> = {};
  for (const [name, value] of search) {
    if (!Object.hasOwn(shape, name)) {
      const known = Object.keys(shape);
      throw new HttpError(400, `unknown query parameter ${quoted(name)} (${known.length === 0 ? 'this path takes none' : `known: ${known.join(', ')}`})`);
    }
    if (Object.hasOwn(raw, name)) throw new HttpError(400, `query parameter ${name}: given more than once`);
    raw[name] = value;
  }
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const problem = issue.code === 'invalid_type' ? 'is required' : issue.message;
    throw new HttpError(400, `query parameter ${String(issue.path[0])}: ${problem}`);
  }
  return result.data as { [K in keyof S]: z.output<S[K]> };
}
