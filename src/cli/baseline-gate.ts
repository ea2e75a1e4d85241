/**
 * The fingerprint check before a comparison: a baseline measured on another machine,
 * Node.js, vmsoak or with other settings is refused with one line naming what differs,
 * unless --allow-fingerprint-mismatch, which turns the refusal into a warning.
 */
import { describeDifferences, type Fingerprint, fingerprintDifferences } from '../analysis/fingerprint.ts';
import { UsageError } from '../errors.ts';

export function checkFingerprint(
  name: string, baseline: Fingerprint, current: Fingerprint, allowMismatch: boolean, stderr: NodeJS.WritableStream,
): void {
  const differences = fingerprintDifferences(baseline, current);
  if (differences.length === 0) return;
  const what = describeDifferences(differences);
  if (!allowMismatch) {
    throw new UsageError(`--baseline ${name}: the fingerprint differs (${what}); the numbers may not be comparable. `
      + 'Compare anyway with --allow-fingerprint-mismatch');
  }
  stderr.write(`warning: baseline ${name} has a different fingerprint (${what}); comparing anyway (--allow-fingerprint-mismatch)\n`);
}
