/**
 * PromQL text for the generated dashboards and rules. Selectors are assembled here and
 * only here, so every panel filters by the template variables the same way.
 */
import { FAMILIES } from '../export/metric-families.ts';

/** Escapes a literal for use inside a PromQL regex matcher (RE2, in a double-quoted string). */
export function regexLiteral(text: string): string {
  // RE2 escaping first, then PromQL string escaping of the backslashes it introduced.
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\');
}

/** `a|b|c` over literal names, for `label=~"..."`. */
export function alternation(names: readonly string[]): string {
  return names.map(regexLiteral).join('|');
}

/** Matches every workload of one category: names are `<category>.<name>` (validate.ts enforces it). */
export function categoryWorkloads(category: string): string {
  return `${regexLiteral(category)}\\\\..+`;
}

export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export function matcher(label: string, op: Matcher['op'], value: string): Matcher {
  return { label, op, value };
}

/** `metric{a="x", b=~"y"}`; values are written as given (already escaped where needed). */
export function selector(metric: string, matchers: readonly Matcher[]): string {
  if (matchers.length === 0) return metric;
  return `${metric}{${matchers.map(({ label, op, value }) => `${label}${op}"${value}"`).join(', ')}}`;
}

/** A PromQL double-quoted string literal. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text);
}

/**
 * `expr` restricted to the workloads of one tier, by joining on the info series each daemon
 * exports for every workload it loaded: the rule needs no list of names, so a plug-in
 * workload is covered. `and` keeps the left side's value and labels.
 */
export function inTier(expr: string, tier: number): string {
  const info = selector(FAMILIES.workloadInfo.name, [matcher('tier', '=', String(tier))]);
  return `${expr}\nand on (job, instance, workload)\n${info}`;
}
