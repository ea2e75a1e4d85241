/**
 * The machine fingerprint a result and a baseline carry: two measurements compare only
 * when they come from the same vmsoak, Node.js and V8, the same CPU model and count, and
 * the same measurement settings. A difference in any of them can move the numbers by more
 * than the regression thresholds, so a comparison across them is refused unless asked for.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Config, SuiteConfig } from '../model/config.ts';
import type { Fingerprint } from '../model/fingerprint.ts';
import { VMSOAK_VERSION } from '../run/environment.ts';
import type { Workload } from '../workloads/api.ts';
import { resolveParams } from '../workloads/params.ts';

export type { Fingerprint } from '../model/fingerprint.ts';

export const FINGERPRINT_FIELDS = ['vmsoak', 'node', 'v8', 'cpuModel', 'cpus', 'configHash'] as const satisfies readonly (keyof Fingerprint)[];

/** JSON with object keys sorted, so the hash does not depend on key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The hash of what changes a measurement: the phases of each suite run (duration, warm-up,
 * iterations), the worker resource limits and the parameters of each workload run (its
 * defaults with each selecting suite's `params` applied; with no overrides, its defaults,
 * so a baseline saved before suites had params still compares). Not the
 * listen address, log level, schedules, KPI targets or which workloads were selected: a
 * baseline of every workload still compares with a run of a few.
 */
export function configHash(config: Pick<Config, 'resourceLimits'>, suites: readonly SuiteConfig[], workloads: readonly Workload[]): string {
  const settings = {
    resourceLimits: config.resourceLimits,
    phases: suites.map((suite) => ({ duration: suite.duration, warmup: suite.warmup, iterations: suite.iterations })),
    workloads: [...workloads].sort((a, b) => a.name.localeCompare(b.name)).map((workload) => ({
      name: workload.name, params: paramsRunWith(workload, suites),
    })),
  };
  return createHash('sha256').update(canonicalJson(settings)).digest('hex').slice(0, 16);
}

/** The workload's params without thread counts (those are in the series key), one set per distinct value over the suites that select it. */
function paramsRunWith(workload: Workload, suites: readonly SuiteConfig[]): unknown {
  const withoutThreads = ({ threads: _threads, ...rest }: Workload['params']) => rest;
  const selecting = suites.filter((suite) => suite.workloads.some((glob) => path.matchesGlob(workload.name, glob)));
  const variants = new Map<string, object>();
  for (const suite of selecting) {
    const params = withoutThreads(resolveParams(workload, suite.params?.[workload.name]));
    variants.set(canonicalJson(params), params);
  }
  if (variants.size <= 1) return variants.values().next().value ?? withoutThreads(workload.params);
  return [...variants].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, params]) => params);
}

export function machineFingerprint(hash: string): Fingerprint {
  return {
    vmsoak: VMSOAK_VERSION,
    node: process.versions.node,
    v8: process.versions.v8,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cpus: os.availableParallelism(),
    configHash: hash,
  };
}

export interface FingerprintDifference {
  field: keyof Fingerprint;
  baseline: string;
  current: string;
}

export function fingerprintDifferences(baseline: Fingerprint, current: Fingerprint): FingerprintDifference[] {
  return FINGERPRINT_FIELDS
    .filter((field) => String(baseline[field]) !== String(current[field]))
    .map((field) => ({ field, baseline: String(baseline[field]), current: String(current[field]) }));
}

/** `node 24.9.0 → 24.10.0, cpus 2 → 8`. */
export function describeDifferences(differences: readonly FingerprintDifference[]): string {
  return differences.map((d) => `${d.field} ${JSON.stringify(d.baseline)} → ${JSON.stringify(d.current)}`).join(', ');
}
