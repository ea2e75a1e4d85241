/**
 * An example user workload: FNV-1a over a prepared string. Load it with
 * `vmsoak once --workload-module examples/string-hash.workload.ts`, or list it under
 * `workloadModules:` in the config file. It then shows up in `vmsoak list`, the reports,
 * the metrics and the generated dashboards and alert rules like any built-in workload.
 */
import { measureBatched } from '../src/measure/batch.ts';
import { defineWorkload } from '../src/workloads/api.ts';
import { defineParams, integerParam } from '../src/workloads/params.ts';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

export default defineWorkload({
  name: 'ops.string-hash',
  category: 'ops',
  tier: 1,
  description: 'FNV-1a hash of a prepared 64-character string (an example plugin workload).',
  // Checked before anything runs; config can set it per suite:
  // suites: [{ name: ops, workloads: ["ops.*"], params: { "ops.string-hash": { length: 256 } } }]
  params: defineParams([1], {
    /** Length of the hashed string in characters. */
    length: integerParam({ min: 1, max: 1_000_000, default: 64 }),
  }),
  kpis: [
    {
      name: 'ns_per_op',
      description: 'Mean time to hash the string (tier 1 ops: < 500 ns).',
      statistic: 'mean',
      target: 500,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  run(ctx) {
    const length = ctx.params.length;
    // Prepare the inputs before measuring: a few distinct strings, so the hash of one
    // constant cannot be hoisted out of the loop.
    const texts: string[] = [];
    for (let k = 0; k < 8; k++) {
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(97 + ((i * 7 + k) % 26));
      texts.push(text);
    }
    return measureBatched(ctx, (i) => fnv1a(texts[i & 7]));
  },
});
