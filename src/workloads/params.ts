/**
 * Workload parameters, in one style: each workload declares its params as a zod object
 * schema built from these helpers, with a range and a default for every key. The schema is
 * checked when the module loads (its defaults must pass it) and against a suite's
 * `params` before anything runs, so a bad value is a one-line usage error naming the key
 * instead of a hang or a nonsense figure inside a worker; `run` then trusts `ctx.params`.
 */
import { z } from 'zod';
import { describeValue, UsageError } from '../errors.ts';
import type { BaseParams, ParamsSchema, Workload } from './api.ts';

export const MAX_THREADS = 256;

interface Range {
  min: number;
  max: number;
  default: number;
}

/** One message for every way a value can miss, ending with the value: for a param's own `refine`. */
export function saying(text: string) {
  return { error: (issue: { input?: unknown }) => `${text} (got ${describeValue(issue.input)})` };
}

export function integerParam(range: Range) {
  const message = saying(`must be an integer between ${range.min} and ${range.max}`);
  return z.int(message).min(range.min, message).max(range.max, message).default(range.default);
}

export function numberParam(range: Range) {
  const message = saying(`must be a number between ${range.min} and ${range.max}`);
  return z.number(message).min(range.min, message).max(range.max, message).default(range.default);
}

/** Sizes that index with a mask (TLB sets, ring capacities). */
export function powerOfTwoParam(range: Range) {
  const message = saying(`must be an integer between ${range.min} and ${range.max}`);
  return z.int(message).min(range.min, message).max(range.max, message)
    .refine((n) => (n & (n - 1)) === 0, saying('must be a power of two'))
    .default(range.default);
}

export function choiceParam<const T extends readonly string[]>(values: T, defaultValue: T[number]) {
  return z.enum(values, saying(`must be one of ${values.join(', ')}`)).default(defaultValue as never);
}

/** The thread counts a workload runs at unless the suite sets them. */
export function threadsParam(defaults: readonly number[]) {
  const count = saying(`must be an integer between 1 and ${MAX_THREADS}`);
  return z.array(z.int(count).min(1, count).max(MAX_THREADS, count), saying('must be a list of thread counts'))
    .min(1, saying('must list at least one thread count'))
    .default(() => [...defaults]);
}

type ThreadsParam = ReturnType<typeof threadsParam>;

/** A workload's params schema: its default thread counts, then its own params. */
export function defineParams(threads: readonly number[]): z.ZodObject<{ threads: ThreadsParam }, z.core.$strict>;
export function defineParams<S extends z.ZodRawShape>(threads: readonly number[], shape: S): z.ZodObject<{ threads: ThreadsParam } & S, z.core.$strict>;
export function defineParams(threads: readonly number[], shape: z.ZodRawShape = {}): z.ZodObject<z.ZodRawShape, z.core.$strict> {
  return z.strictObject({ threads: threadsParam(threads), ...shape });
}

/** The param names a schema declares; empty for a schema that is not an object. */
export function paramNames(schema: ParamsSchema): string[] {
  const shape = (schema as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

/** A problem with one param, its path relative to the params object. */
export interface ParamProblem {
  path: readonly PropertyKey[];
  message: string;
}

export type ParamCheck<P> = { ok: true; params: P } | { ok: false; problem: ParamProblem };

/** The workload's params with `overrides` applied over the defaults, or the first problem. */
export function checkParams<P extends BaseParams>(schema: ParamsSchema<P>, overrides: unknown = {}): ParamCheck<P> {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    return { ok: false, problem: { path: [], message: `must be a mapping of param names to values (got ${describeValue(overrides)})` } };
  }
  const names = paramNames(schema);
  const unknown = Object.keys(overrides).find((key) => !names.includes(key));
  if (unknown !== undefined) {
    return { ok: false, problem: { path: [unknown], message: `is not a param (the params: ${names.join(', ')})` } };
  }
  const parsed = schema.safeParse(overrides);
  if (parsed.success) return { ok: true, params: parsed.data };
  const [issue] = parsed.error.issues;
  const missing = issue.code === 'invalid_type' && issue.path.length === 1 && !(issue.path[0] in overrides);
  return { ok: false, problem: { path: issue.path, message: missing ? 'is required' : issue.message } };
}

/** `threads[0]`, `allocationMBps`. */
export function formatParamPath(path: readonly PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}

/** The schema's defaults; throws naming the param when a default does not pass its own schema. */
export function defaultParams<P extends BaseParams>(workload: string, schema: ParamsSchema<P>): P {
  // zod hands a default out without checking it, so the defaults are checked again as values.
  const filled = checkParams(schema);
  const check = filled.ok ? checkParams(schema, filled.params) : filled;
  if (!check.ok) {
    const { path, message } = check.problem;
    const why = message === 'is required' ? 'has no default (every param needs one)' : `has a default that ${message}`;
    throw new UsageError(`${workload}: params.${formatParamPath(path)} ${why}`);
  }
  return check.params;
}

/** A workload's params with a suite's overrides applied; a bad one is a UsageError naming the workload and the param. */
export function resolveParams<P extends BaseParams>(workload: Workload<P>, overrides?: Readonly<Record<string, unknown>>): P {
  const check = checkParams(workload.paramsSchema, overrides);
  if (check.ok) return check.params;
  const where = check.problem.path.length === 0 ? 'params' : `params.${formatParamPath(check.problem.path)}`;
  throw new UsageError(`${workload.name}: ${where} ${check.problem.message}`);
}

/** One param in JSON Schema terms (the subset the params helpers produce). */
export interface ParamJsonSchema {
  type?: string;
  enum?: readonly unknown[];
  items?: ParamJsonSchema;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  description?: string;
}

export interface ParamsJsonSchema {
  type: 'object';
  properties: Record<string, ParamJsonSchema>;
  additionalProperties: false;
}

/**
 * The params as JSON Schema (input side: every key optional, with its default), for
 * `vmsoak list` and the helm values schema. What JSON Schema cannot say (a power of two,
 * one param bounded by another) is still checked by the zod schema.
 */
export function paramsJsonSchema(schema: ParamsSchema): ParamsJsonSchema {
  const { $schema: _dialect, required: _required, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...json, type: 'object', additionalProperties: false } as ParamsJsonSchema;
}
