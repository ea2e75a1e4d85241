/**
 * The runner's Node flags: the parent's own, so a workload measures under the same V8
 * settings as before, less those that would make a second process misbehave, plus the
 * runner's heap cap.
 */

/**
 * Test-runner flags would make the runner act as a test file, inspector flags would bind
 * the parent's debug port a second time, watch flags would restart it on file changes.
 */
const DROPPED = [/^--test(?:-|$)/, /^--experimental-test-/, /^--inspect/, /^--debug/, /^--watch/, /^--max-old-space-size(?:=|$)/];

export function runnerExecArgv(parentExecArgv: readonly string[], maxOldSpaceSizeMb: number): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parentExecArgv.length; i++) {
    const flag = parentExecArgv[i];
    if (DROPPED.some((pattern) => pattern.test(flag))) {
      // "--flag value" form: skip the value too.
      if (!flag.includes('=') && i + 1 < parentExecArgv.length && !parentExecArgv[i + 1].startsWith('-')) i++;
      continue;
    }
    kept.push(flag);
  }
  return [...kept, `--max-old-space-size=${maxOldSpaceSizeMb}`];
}
