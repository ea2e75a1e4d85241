/** Command line of `npm run bench`: which parts, how long, where the report goes. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../src/errors.ts';
import type { BenchPart } from './part.ts';

export interface BenchOptions {
  parts: BenchPart[];
  quick: boolean;
  /** Where BENCHMARKS.md is written; null prints the sections to stdout only. */
  out: string | null;
}

export const USAGE = `Usage: npm run bench -- [part ...] [--quick] [--out FILE | --no-write]

Runs vmsoak's own-cost benchmarks and writes their sections into BENCHMARKS.md,
keeping the sections of parts not run. No part named: every default part.
  --quick      shortened durations for a smoke test (also VMSOAK_BENCH_QUICK=1); the
               report then goes to stdout only, unless --out is given
  --out FILE   write the report here instead of BENCHMARKS.md at the repository root
  --no-write   print the sections, write no file`;

export function parseBenchOptions(argv: readonly string[], parts: readonly BenchPart[], env: NodeJS.ProcessEnv, repoRoot: string): BenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        'no-write': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError(USAGE);
  const byName = new Map(parts.map((part) => [part.name, part]));
  for (const name of positionals) {
    if (!byName.has(name)) throw new UsageError(`part "${name}" does not exist; parts: ${parts.map((part) => part.name).join(', ')}`);
  }
  const selected = positionals.length === 0
    ? parts.filter((part) => part.inDefaultRun)
    : parts.filter((part) => positionals.includes(part.name));
  const quick = values.quick || env.VMSOAK_BENCH_QUICK === '1';
  if (values['no-write'] && values.out !== undefined) throw new UsageError('--out and --no-write exclude each other');
  const out = values['no-write'] ? null
    : values.out !== undefined ? path.resolve(values.out)
      : quick ? null : path.join(repoRoot, 'BENCHMARKS.md');
  return { parts: selected, quick, out };
}
