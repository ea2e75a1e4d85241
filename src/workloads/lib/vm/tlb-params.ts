/** The TLB geometry params every tlb.* workload has. */
import type { z } from 'zod';
import { defineParams, powerOfTwoParam, saying } from '../../params.ts';
import type { TlbConfig } from './tlb.ts';

const TLB_SHAPE = {
  tlbEntries: powerOfTwoParam({ min: 1, max: 1 << 16, default: 64 }),
  tlbWays: powerOfTwoParam({ min: 1, max: 1 << 16, default: 4 }),
};

/** A tlb.* workload's params: one thread, the TLB geometry, then its own. */
export function tlbParams(): ReturnType<typeof tlbParamsWith<typeof TLB_SHAPE>>;
export function tlbParams<S extends z.ZodRawShape>(shape: S): ReturnType<typeof tlbParamsWith<typeof TLB_SHAPE & S>>;
export function tlbParams(shape: z.ZodRawShape = {}) {
  return tlbParamsWith({ ...TLB_SHAPE, ...shape });
}

function tlbParamsWith<S extends typeof TLB_SHAPE>(shape: S) {
  return defineParams([1], shape).refine((params) => {
    const { tlbWays, tlbEntries } = params as { tlbWays: number; tlbEntries: number };
    return tlbWays <= tlbEntries;
  }, { path: ['tlbWays'], ...saying('must not exceed tlbEntries') });
}

export function tlbConfig(params: { tlbEntries: number; tlbWays: number }): TlbConfig {
  return { entries: params.tlbEntries, ways: params.tlbWays };
}
