/**
 * The runner's Node flags: the parent's own, so a workload measures under the same V8
 * settings as before, less those that would make a second process misbehave.
 *
 * `--max-old-space-size` is dropped too, from the flags and from NODE_OPTIONS. V8 applies
 * it to every isolate in the process and it wins over a worker's `resourceLimits` in both
 * directions (measured: with 2048, a worker limited to 64 MB grew to 2 GB before it was
 * stopped; with 512, gc.churn-large's 2048 MB worker died at 512 MB and took the process
 * with it). The runner's memory is capped by runner.maxRssMb instead.
 */

/**
 * Test-runner flags would make the runner act as a test file, inspector flags would bind
 * the parent's debug port a second time, watch flags would restart it on file changes.
 */
const DROPPED = [
  /^--test(?:-|$)/, /^--experimental-test-/, /^--inspect/, /^--debug/, /^--watch/,
  /^--max-old-space-size(?:=|$)/, /^--max_old_space_size(?:=|$)/,
];

function dropFlags(flags: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (DROPPED.some((pattern) => pattern.test(flag))) {
      // "--flag value" form: skip the value too.
      if (!flag.includes('=') && i + 1 < flags.length && !flags[i + 1].startsWith('-')) i++;
      continue;
    }
    kept.push(flag);
  }
  return kept;
}

export function runnerExecArgv(parentExecArgv: readonly string[]): string[] {
  return dropFlags(parentExecArgv);
}

/** NODE_OPTIONS for the runner: the parent's, less the dropped flags; undefined when nothing is left. */
export function runnerNodeOptions(parentNodeOptions: string | undefined): string | undefined {
  if (parentNodeOptions === undefined) return undefined;
  const kept = dropFlags(parentNodeOptions.split(/\s+/).filter((flag) => flag !== ''));
  return kept.length === 0 ? undefined : kept.join(' ');
}
