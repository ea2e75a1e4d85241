/**
 * BENCHMARKS.md: one section per benchmark part, each between markers, so that a run of
 * some parts (`npm run bench -- soak`) replaces their sections and keeps the others. Every
 * section states its run id, machine, Node version and load average, and figures are only
 * compared inside one section, so compared figures always come from the same run.
 *
 * The aims summary at the top is rebuilt from the aims each section carries in its marker.
 */
import type { Aim, BenchPart, SectionResult } from './part.ts';
import { loadAverage, machineLine, type Machine } from './machine.ts';
import { markdownTable, metMark } from './markdown.ts';

export interface SectionRecord {
  part: string;
  title: string;
  runId: string;
  quick: boolean;
  aims: Aim[];
  /** The section's markdown, heading included. */
  markdown: string;
}

export interface RunFacts {
  runId: string;
  machine: Machine;
  quick: boolean;
}

const SECTION = /<!-- bench:section (\S+) (\{.*?\}) -->\n([\s\S]*?)\n<!-- \/bench:section \1 -->/g;

interface MarkerData {
  title: string;
  runId: string;
  quick: boolean;
  aims: Aim[];
}

export function renderSection(part: BenchPart, result: SectionResult, facts: RunFacts, loadBefore: number | null): SectionRecord {
  const loadAfter = loadAverage();
  const load = loadBefore === null || loadAfter === null ? 'n/a' : `${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`;
  const header = [
    `## ${part.title}`,
    '',
    ...(facts.quick ? ['**Quick smoke run: shortened durations, noisy; not the benchmark\'s figures.**', ''] : []),
    `Run \`${facts.runId}\` (\`npm run bench -- ${part.name}${facts.quick ? ' --quick' : ''}\`) on ${machineLine(facts.machine)}. `
      + `1-minute load average before → after: ${load}.`,
  ];
  return {
    part: part.name, title: part.title, runId: facts.runId, quick: facts.quick, aims: result.aims,
    markdown: [...header, '', result.body.trim()].join('\n'),
  };
}

export function parseSections(text: string): SectionRecord[] {
  const records: SectionRecord[] = [];
  for (const match of text.matchAll(SECTION)) {
    let data: MarkerData;
    try {
      data = JSON.parse(match[2]) as MarkerData;
    } catch {
      continue; // a hand-damaged marker: its section is dropped and rebuilt by the next run
    }
    records.push({ part: match[1], title: data.title, runId: data.runId, quick: data.quick, aims: data.aims, markdown: match[3] });
  }
  return records;
}

function aimsTable(sections: readonly SectionRecord[]): string {
  const rows = sections.flatMap((section) => section.aims.map((aim) => [
    section.title, aim.figure, aim.aim, aim.measured, metMark(aim.met), `\`${section.runId}\`${section.quick ? ' (quick)' : ''}`,
  ]));
  if (rows.length === 0) return '_No aims measured yet._';
  return markdownTable(['section', 'figure', 'aim', 'measured', 'verdict', 'run'], rows);
}

/** The whole file: fresh sections replace kept ones of the same part; order follows `order`. */
export function composeBenchmarks(kept: readonly SectionRecord[], fresh: readonly SectionRecord[], order: readonly string[]): string {
  const byPart = new Map(kept.map((section) => [section.part, section]));
  for (const section of fresh) byPart.set(section.part, section);
  const rank = (part: string): number => (order.includes(part) ? order.indexOf(part) : order.length);
  const sections = [...byPart.values()].sort((a, b) => rank(a.part) - rank(b.part));
  const marker = (section: SectionRecord): string => JSON.stringify({
    title: section.title, runId: section.runId, quick: section.quick, aims: section.aims,
  } satisfies MarkerData).replaceAll('-->', '--\\u003e');
  return [
    '# vmsoak benchmarks: its own cost',
    '',
    'Written by `npm run bench` (see docs/benchmarks.md); do not edit by hand. Each section is',
    'replaced by the next run of its part and names the run, the machine and the Node version',
    'it was measured on. Figures compared with each other always sit in one section, measured',
    'in one run.',
    '',
    '## Aims',
    '',
    aimsTable(sections),
    '',
    ...sections.flatMap((section) => [
      `<!-- bench:section ${section.part} ${marker(section)} -->`,
      section.markdown,
      `<!-- /bench:section ${section.part} -->`,
      '',
    ]),
  ].join('\n');
}
