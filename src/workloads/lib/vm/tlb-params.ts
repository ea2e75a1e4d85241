/** The TLB geometry parameters every tlb.* workload has, and their checks. */
import type { BaseParams } from '../../api.ts';
import { checkPowerOfTwo } from './params.ts';
import type { TlbConfig } from './tlb.ts';

export interface TlbParams extends BaseParams {
  tlbEntries: number;
  tlbWays: number;
}

export const DEFAULT_TLB_PARAMS = { tlbEntries: 64, tlbWays: 4 } as const;

export function checkTlbParams(workload: string, params: TlbParams): TlbConfig {
  const entries = checkPowerOfTwo(workload, 'tlbEntries', params.tlbEntries, 1, 1 << 16);
  const ways = checkPowerOfTwo(workload, 'tlbWays', params.tlbWays, 1, entries);
  return { entries, ways };
}
