/** Reading a results.json (a SuiteResult, as `once --out` and `once --format json` write it) given on the command line. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import type { SuiteResult } from '../model/result.ts';

export async function readSuiteFile(file: string, flag: string): Promise<SuiteResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} ${file}: not valid JSON`);
  }
  const candidate = value as Partial<SuiteResult> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.results) || typeof candidate.vmsoak !== 'string') {
    throw new UsageError(`${flag} ${file}: not a vmsoak results file (expected the results.json of "vmsoak once --out")`);
  }
  return candidate as SuiteResult;
}
