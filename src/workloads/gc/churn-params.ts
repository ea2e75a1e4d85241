/** Parameters of the churn kernel, as workload params, and their checks. */
import { UsageError } from '../../errors.ts';
import type { BaseParams } from '../api.ts';
import type { ChurnConfig } from './churn.ts';

export interface ChurnParams extends BaseParams, ChurnConfig {}

function requireNumber(workload: string, field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new UsageError(`${workload}: params.${field} must be a number between ${min} and ${max}, got ${String(value)}`);
  }
}

export function checkChurnConfig(workload: string, params: ChurnConfig): void {
  requireNumber(workload, 'allocationMBps', params.allocationMBps, 0, 100_000);
  requireNumber(workload, 'liveSetMB', params.liveSetMB, 0, 1_000_000);
  requireNumber(workload, 'mutateFractionPerSecond', params.mutateFractionPerSecond, 0, 1_000);
}
