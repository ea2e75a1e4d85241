/**
 * One benchmark part: a named measurement that produces one section of BENCHMARKS.md.
 * bench/index.ts runs the selected parts one after another, never two at once, so no part
 * disturbs another's figures.
 */

export interface BenchContext {
  /** Shortened durations for smoke runs on a busy machine; the figures are not the benchmark. */
  quick: boolean;
  /** One line of progress on stderr. */
  progress(message: string): void;
}

/** A figure with a stated aim, listed again in the summary at the top of BENCHMARKS.md. */
export interface Aim {
  figure: string;
  aim: string;
  measured: string;
  /** null when the figure could not be measured on this machine. */
  met: boolean | null;
}

export interface SectionResult {
  /** Markdown below the section heading: tables and the notes that explain them. */
  body: string;
  aims: Aim[];
}

export interface BenchPart {
  /** What selects it on the command line: `npm run bench -- <name>`. */
  name: string;
  title: string;
  /** Part of a plain `npm run bench`; the 10-minute soak is not. */
  inDefaultRun: boolean;
  run(context: BenchContext): Promise<SectionResult>;
}
