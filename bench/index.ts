/**
 * `npm run bench`: vmsoak's own cost. Runs the selected parts one after another (never
 * two at once, so none disturbs another's figures), prints progress on stderr, and writes
 * each part's section into BENCHMARKS.md. See docs/benchmarks.md for what each part
 * measures and USAGE in options.ts for the command line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../src/errors.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { parseBenchOptions } from './options.ts';
import type { BenchPart } from './part.ts';
import { aaSoakPart, thirtyMinuteAaSoakPart } from './parts/aa-soak.ts';
import { expositionPart } from './parts/exposition.ts';
import { idleCostPart } from './parts/idle-cost.ts';
import { memorySoakPart, shortSoakPart, tenMinuteSoakPart } from './parts/memory-soak.ts';
import { mitataAgreementPart } from './parts/mitata-agreement.ts';
import { recordingPart } from './parts/recording.ts';
import { runnerCostPart } from './parts/runner-cost.ts';
import { scrapeEffectPart } from './parts/scrape-effect.ts';
import { scrapeLoadPart } from './parts/scrape-load.ts';
import { seriesBudgetPart } from './parts/series-budget.ts';
import { composeBenchmarks, parseSections, renderSection, type SectionRecord } from './report.ts';

/** In the order they run and appear in BENCHMARKS.md. */
const PARTS: readonly BenchPart[] = [
  recordingPart,
  mitataAgreementPart,
  expositionPart,
  seriesBudgetPart,
  idleCostPart,
  runnerCostPart,
  shortSoakPart,
  scrapeEffectPart,
  scrapeLoadPart,
  tenMinuteSoakPart,
  memorySoakPart,
  thirtyMinuteAaSoakPart,
  aaSoakPart,
];

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

function elapsed(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2), PARTS, process.env, REPO_ROOT);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const facts = { runId: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), machine: describeMachine(), quick: options.quick };
  const started = performance.now();
  const fresh: SectionRecord[] = [];
  for (const part of options.parts) {
    const partStarted = performance.now();
    const progress = (message: string): void => {
      process.stderr.write(`[bench ${part.name} ${elapsed(partStarted)}] ${message}\n`);
    };
    progress(`started${options.quick ? ' (quick)' : ''}`);
    const loadBefore = loadAverage();
    const result = await part.run({ quick: options.quick, progress });
    const section = renderSection(part, result, facts, loadBefore);
    fresh.push(section);
    process.stdout.write(`${section.markdown}\n\n`);
    progress(`done in ${elapsed(partStarted)}`);
  }
  if (options.out !== null) {
    const kept = existsSync(options.out) ? parseSections(readFileSync(options.out, 'utf8')) : [];
    writeFileSync(options.out, composeBenchmarks(kept, fresh, PARTS.map((part) => part.name)));
    process.stderr.write(`[bench] wrote ${path.relative(process.cwd(), options.out) || options.out}\n`);
  }
  process.stderr.write(`[bench] ${options.parts.length} part(s) in ${elapsed(started)}\n`);
  return 0;
}

process.exitCode = await main();
