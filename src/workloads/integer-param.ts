/**
 * Checks one integer parameter of a workload inside `run`, where a value from a config file
 * or a plugin arrives unchecked: a bad one fails the run with a one-line UsageError naming
 * the workload and the field, instead of a hang or a nonsense figure.
 */
import { UsageError } from '../errors.ts';

export function integerParam(workload: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${workload}: params.${field} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}
