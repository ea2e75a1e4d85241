/** `results.json` and `once --format json`: the SuiteResult as it is, pretty-printed. */
import type { SuiteResult } from '../../model/result.ts';

export function renderJson(result: SuiteResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
