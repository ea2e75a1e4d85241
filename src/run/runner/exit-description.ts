/** How a dead runner is described in a failed run's message: the signal or the exit code, kept verbatim. */

export function describeRunnerExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) {
    // The kernel's OOM killer sends SIGKILL too, so a SIGKILL nobody asked for may be it.
    const hint = signal === 'SIGKILL' ? ' (the OOM killer sends SIGKILL too)' : '';
    return `the runner process was killed by ${signal}${hint}`;
  }
  return `the runner process exited with code ${code ?? 'unknown'}`;
}
