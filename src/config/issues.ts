/**
 * Turns zod issues into the one-line `config: <key path>: <problem>` message a user sees.
 * Unknown keys are reported first: a misspelt key usually also causes a "required" issue
 * for the key it was meant to be, and the misspelling is the real mistake.
 */
import type { z } from 'zod';
import { describeValue, KNOWN_KEYS } from './schema.ts';

type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `suites[0].threads[1]`, `kpis["contention.atomic-add.ns_per_op"].target`. */
export function formatKeyPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function knownKeysAt(path: readonly PathSegment[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.root;
  if (path[0] === 'suites') return KNOWN_KEYS.suite;
  if (path[0] === 'resourceLimits') return KNOWN_KEYS.resourceLimits;
  if (path[0] === 'runner') return KNOWN_KEYS.runner;
  if (path[0] === 'kpis') return KNOWN_KEYS.kpi;
  if (path[0] === 'otel') return KNOWN_KEYS.otel;
  if (path[0] === 'metrics') return KNOWN_KEYS.metrics;
  if (path[0] === 'baseline' && path.length === 1) return KNOWN_KEYS.baseline;
  if (path[0] === 'history' && path.length === 1) return KNOWN_KEYS.history;
  if (path[0] === 'judgement') return KNOWN_KEYS.judgement;
  if (path[0] === 'kpiWindow') return KNOWN_KEYS.kpiWindow;
  return [];
}

function didYouMean(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

const EXPECTED: Readonly<Record<string, string>> = {
  boolean: 'must be true or false',
  number: 'must be a number',
  string: 'must be a string',
  array: 'must be a list',
  object: 'must be a mapping',
  record: 'must be a mapping',
};

function problemOf(issue: Issue): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const [first, ...rest] = issue.keys;
      // JSON quoting: a key may hold quotes or a newline, and the message must stay one line.
      const more = rest.length > 0 ? ` and ${rest.map((key) => JSON.stringify(key)).join(', ')}` : '';
      return `unknown key ${JSON.stringify(first)}${didYouMean(first, knownKeysAt(issue.path))}${more}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `${EXPECTED[issue.expected] ?? `must be ${issue.expected}`} (got ${describeValue(issue.input)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => String(value)).join(', ')} (got ${describeValue(issue.input)})`;
    default:
      return issue.message;
  }
}

/** One line for the first issue (unknown keys first), with a count of the rest. */
export function formatIssues(issues: readonly Issue[], sourceOf: (rootKey: string) => string | undefined = () => undefined): string {
  const ordered = [...issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const issue = ordered[0];
  const keyPath = formatKeyPath(issue.path);
  const source = typeof issue.path[0] === 'string' ? sourceOf(issue.path[0]) : undefined;
  const where = keyPath === '' ? '' : `${keyPath}${source ? ` (from ${source})` : ''}: `;
  const more = ordered.length > 1 ? ` (and ${ordered.length - 1} more problem${ordered.length > 2 ? 's' : ''})` : '';
  return `config: ${where}${problemOf(issue)}${more}`;
}
